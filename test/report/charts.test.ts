import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributionChart, frontierChart, histogramChart, payoffChart, ratioPathChart, smileChart } from '../../src/report/charts/charts.js';
import { PALETTE, renderChart } from '../../src/report/charts/render.js';
import { affineMisfit, chartsIn, lines } from './svg.js';

const hist = { edges: [-300, -200, -100, 0, 100, 200], before: [2, 10, 40, 35, 13], after: [0, 4, 60, 30, 6] };
const payoff = {
  underlying: 'XYZ', spot: 100, includesHolding: true, expiry: '2025-03-21',
  points: [60, 70, 80, 90, 100, 110, 120, 130, 140].map((p) => ({ price: p, unhedged: 10 * (p - 100), atHorizon: 10 * Math.max(p - 100, -8) - 30 + (p === 90 ? 4 : 0), atExpiry: 10 * Math.max(p - 100, -10) - 30 })),
};
const path = Array.from({ length: 12 }, (_, i) => ({ date: `2020-${String(i + 1).padStart(2, '0')}-28`, ratios: [0.8 + 0.02 * i, 0.3 - 0.01 * i], stdErrors: [0.05, 0.04 + 0.001 * i] }));

/** Every chart kind once, as the report draws them. */
function all(prefix: string): string[] {
  return [
    histogramChart(`${prefix}h`, 'P&L <of> "XYZ" & co', hist, 'USD'),
    payoffChart(`${prefix}p`, payoff, 'XYZ', 10, 'USD'),
    contributionChart(`${prefix}c`, 'Contributions', { level: 0.99, es: 100, components: [{ name: 'XYZ', componentEs: 80 }, { name: 'ABC', componentEs: 20 }] },
      { level: 0.99, es: 60, components: [{ name: 'XYZ', componentEs: 20 }, { name: 'ABC', componentEs: 25 }, { name: 'hedge: Put', componentEs: 15 }] }, 'USD'),
    frontierChart(`${prefix}f`, 'Frontier', [
      { name: 'Cheap', annualCost: 12, esAfter: 90, efficient: true, macro: false },
      { name: 'Free', annualCost: 0, esAfter: 95, efficient: true, macro: false },
      { name: 'Dear', annualCost: 25_000, esAfter: 40, efficient: true, macro: false },
      { name: 'Worse', annualCost: 30_000, esAfter: 70, efficient: false, macro: false },
      { name: 'Index put', annualCost: 9_000, esAfter: 50, efficient: false, macro: true },
    ], 100, 'USD'),
    ratioPathChart(`${prefix}r`, 'Ratio', path, ['XLK', 'GOOG']),
    smileChart(`${prefix}s`, 'Smile', [{ expiry: '2025-03-21', days: 30, points: [0.8, 0.9, 1, 1.1, 1.2].map((m) => ({ type: m < 1 ? 'put' as const : 'call' as const, strike: 100 * m, moneyness: m, impliedVolatility: 0.2 + 0.3 * (m - 1) ** 2 })) }]),
  ];
}

describe('charts rendered by ECharts to SVG', () => {
  it('are byte for byte the same for the same data, however many charts the process drew before', () => {
    const first = all('a');
    for (let i = 0; i < 3; i++) all('b');
    expect(all('a')).toEqual(first);
  });

  it('name every id after the chart, carry no style attribute or <style> and no non-finite number', () => {
    for (const svg of all('k')) {
      const [chart] = chartsIn(svg);
      const ids = [...svg.matchAll(/ id="([^"]+)"|url\(#([^)]+)\)/g)].map((m) => m[1] ?? m[2]!);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      for (const id of ids) expect(id.startsWith(`${chart!.id}-`)).toBe(true);
      expect(svg).not.toMatch(/zr\d+-|style=|<style|NaN|Infinity|undefined/);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" width="\d+" height="\d+" class="chart[^"]*" role="img"/);
    }
  });

  it('escape the title and description, which may hold names from a user\'s files', () => {
    const [chart] = chartsIn(all('e')[0]!);
    expect(chart!.title).toBe('P&amp;L &lt;of&gt; &quot;XYZ&quot; &amp; co');
    expect(all('e')[0]).not.toContain('<of>');
    // ECharts' own ids are renamed, a label that looks like one is not.
    expect(chartsIn(histogramChart('z', 'zr1-holding', hist, 'USD'))[0]!.title).toBe('zr1-holding');
    expect(() => renderChart({ id: '1bad id', title: 't', description: 'd', width: 10, height: 10, option: {} })).toThrow(/not letters, digits/);
  });

  it('draw histogram bars as tall as their counts, unhedged and hedged', () => {
    const svg = all('h')[0]!;
    const heights = (colour: string) => [...svg.matchAll(new RegExp(`<path d="M[\\d.]+ [\\d.]+l[\\d.]+ 0l0 (-?[\\d.]+)l-[\\d.]+ 0Z" fill="${colour}"`, 'g'))]
      .map((m) => -Number(m[1]));
    for (const [colour, counts] of [[PALETTE.before, hist.before], [PALETTE.after, hist.after]] as const) {
      const drawn = heights(colour);
      expect(drawn).toHaveLength(counts.length);
      const scale = drawn[counts.indexOf(Math.max(...counts))]! / Math.max(...counts);
      drawn.forEach((d, k) => expect(Math.abs(d - counts[k]! * scale)).toBeLessThan(0.6));
    }
  });

  it('draw the payoff and ratio lines through their data', () => {
    const [, p, , , r] = all('l');
    const [unhedged] = lines(p!, PALETTE.before, '1.8');
    const [horizon] = lines(p!, PALETTE.after, '1.8');
    expect(affineMisfit(unhedged!, payoff.points.map((q) => [q.price, q.unhedged]))).toBeLessThan(0.5);
    expect(affineMisfit(horizon!, payoff.points.map((q) => [q.price, q.atHorizon]))).toBeLessThan(0.5);
    const ratios = lines(r!, '#[0-9a-f]{6}', '1.5');
    expect(ratios).toHaveLength(2);
    ratios.forEach((drawn, j) => expect(affineMisfit(drawn, path.map((q, i) => [i, q.ratios[j]!]))).toBeLessThan(0.5));
    expect((r!.match(/fill-opacity="0.15"/g) ?? [])).toHaveLength(2);
    expect(chartsIn(r!)[0]!.description).toContain('last estimate XLK 1.020 ± 0.100, GOOG 0.190 ± 0.102');
  });

  it('put a hedge that costs nothing a year on the frontier\'s left edge and say so', () => {
    const f = chartsIn(all('f')[3]!)[0]!;
    expect(f.description).toContain('At no cost a year (drawn at $10): Free.');
    expect(f.description).toContain('Efficient hedges, from cheapest: Free $0 a year, ES $95; Cheap $12 a year, ES $90; Dear $25.0k a year, ES $40.');
    for (const name of ['Cheap', 'Dear', 'Index put']) expect(f.svg).toContain(`>${name}</text>`);
    expect(f.svg).not.toContain('>Worse</text>');
  });

  it('draw any finite histogram and payoff without a non-finite number, bars in proportion', () => {
    const counts = fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 60 });
    // Amounts to the cent, as P&L in a currency is (ECharts' axes fail on subnormal extents like 5e-324).
    const cents = (max: number) => fc.integer({ min: -max, max }).map((c) => c / 100);
    fc.assert(fc.property(counts, cents(1e11), cents(1e10).map((w) => Math.abs(w) + 0.01),
      (before, lo, width) => {
        const edges = Array.from({ length: before.length + 1 }, (_, k) => lo + k * width);
        const after = [...before].reverse();
        const svg = histogramChart('p', 'P&L', { edges, before, after }, 'USD');
        expect(svg).not.toMatch(/NaN|Infinity|undefined/);
        const top = Math.max(...before);
        const drawn = [...svg.matchAll(new RegExp(`l0 (-?[\\d.]+)l-[\\d.]+ 0Z" fill="${PALETTE.before}"`, 'g'))].map((m) => -Number(m[1]));
        expect(drawn).toHaveLength(before.length);
        if (top > 0) before.forEach((c, k) => expect(Math.abs(drawn[k]! - (c / top) * Math.max(...drawn))).toBeLessThan(0.6));
      }), { numRuns: 60 });
    fc.assert(fc.property(cents(1e7).map((p) => Math.abs(p) + 0.01), fc.array(cents(1e10), { minLength: 2, maxLength: 60 }),
      (spot, pnl) => {
        const points = pnl.map((y, i) => ({ price: spot * (0.6 + (0.8 * i) / (pnl.length - 1)), unhedged: y, atHorizon: y / 2, atExpiry: -y }));
        const svg = payoffChart('q', { underlying: 'X', spot, includesHolding: true, expiry: '2030-01-01', points }, 'X', 10, 'USD');
        expect(svg).not.toMatch(/NaN|Infinity|undefined/);
        expect(lines(svg, PALETTE.after, '1.8')[0]).toHaveLength(points.length);
      }), { numRuns: 60 });
  });
});
