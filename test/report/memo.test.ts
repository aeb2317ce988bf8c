import { describe, expect, it } from 'vitest';
import { assessHedgeEffectiveness, type EffectivenessAssessment } from '../../src/evaluate/accounting.js';
import { memoHtml, memoMarkdown, memoText, type DesignationMemo } from '../../src/report/memo.js';

/** Monthly prices of an item and an instrument that track each other with some basis noise. */
function assessment(designationDate: string, ratio?: number): EffectivenessAssessment {
  const dates: string[] = [];
  const item: number[] = [];
  const inst: number[] = [];
  for (let i = 0; i < 48; i++) {
    dates.push(`${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-28`);
    const level = 50 + 10 * Math.sin(i / 3) + 0.2 * i;
    item.push(level + 0.4 * Math.cos(7 * i));
    inst.push(1.02 * level);
  }
  return assessHedgeEffectiveness({
    dates, item: Float64Array.from(item), instrument: Float64Array.from(inst), designationDate, period: 'monthly', ...(ratio === undefined ? {} : { ratio }),
  });
}

const memo = (a: EffectivenessAssessment, names: Partial<DesignationMemo> = {}): DesignationMemo => ({
  hedgedItem: 'Crude oil inventory', hedgingInstrument: 'CL01', riskHedged: 'changes in fair value due to the WTI price', assessment: a,
  sources: ['prices.csv'], ...names,
});

describe('designation memo', () => {
  const a = assessment('2022-12-28');

  it('documents the relationship, the method and every test with its verdict (Markdown)', () => {
    const md = memoMarkdown(memo(a));
    expect(md.startsWith('# Hedge designation and effectiveness memo\n')).toBe(true);
    for (const h of ['## Hedging relationship', '## Risk management objective and strategy', '## How effectiveness is assessed', '## Results',
      '## Realised changes since designation', '## Conclusion']) expect(md).toContain(h);
    expect(md).toContain('| Hedged item | Crude oil inventory |');
    expect(md).toContain('| Risk hedged | changes in fair value due to the WTI price |');
    expect(md).toContain(`| Designation date | ${a.designationDate} |`);
    expect(md).toContain(`| Hedge ratio | ${a.ratio.toFixed(4)} units of CL01 sold per unit of Crude oil inventory held (the minimum-variance ratio`);
    const retro = a.retrospective.ok ? a.retrospective.value : undefined;
    const cumulative = `${(100 * retro!.dollarOffset.cumulative.ratio!).toFixed(1)} %`;
    expect(md).toMatch(new RegExp(`\\| Retrospective: cumulative dollar offset \\| 12 monthly periods, 2022-12-28 … 2023-12-28 \\| ${cumulative} \\| 80 % … 125 % \\| (PASS|FAIL) \\|`));
    expect(md).toMatch(/\| Prospective: regression R² \| 35 monthly changes, 2020-01-28 … 2022-12-28 \| 0\.\d{3} \| ≥ 0\.80 \| (PASS|FAIL) \|/);
    // One row per realised period plus the cumulative one.
    expect(md.split('\n').filter((l) => /^\| 20\d\d-\d\d-28 \|/.test(l))).toHaveLength(retro!.dollarOffset.periods.length);
    expect(md).toContain('Data: prices.csv.');
  });

  it('escapes what would break a table or the page', () => {
    const tricky = memo(a, { hedgedItem: 'A|B <Co> & "x"' });
    expect(memoMarkdown(tricky)).toContain('| Hedged item | A\\|B <Co> & "x" |');
    const html = memoHtml(tricky);
    expect(html).toContain('<td class="">A|B &lt;Co&gt; &amp; &quot;x&quot;</td>');
    expect(html).not.toContain('<Co>');
  });

  it('is one self-contained HTML page: inline style, no external resource, verdicts marked', () => {
    const html = memoHtml(memo(a));
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<(script|link|img)\b|src=|href=/);
    expect(html).toMatch(/<td class="(pass|fail)">(PASS|FAIL)<\/td>/);
    expect((html.match(/<table>/g) ?? []).length).toBe(3);
  });

  it('says which test could not be performed and why', () => {
    const early = assessment('2020-01-28', 1);
    const md = memoMarkdown(memo(early));
    expect(md).toContain('| Prospective | — | not performed | a prospective test needs at least 3 monthly changes before 2020-01-28, got 0 | — |');
    const late = assessment('2023-12-28');
    expect(memoMarkdown(memo(late))).toContain('| Retrospective | — | not performed | no realised changes after the designation date 2023-12-28');
    expect(memoMarkdown(memo(late))).not.toContain('## Realised changes since designation');
  });

  it('renders the same content as plain text for the terminal, wrapping long cells', () => {
    const text = memoText(memo(a));
    expect(text).toContain('Hedge designation and effectiveness memo\n========================================');
    expect(text).toMatch(/Retrospective: cumulative dollar offset\s+12 monthly periods/);
    const ratioLines = text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith('Hedge ratio')));
    expect(ratioLines[0]!.length).toBeLessThanOrEqual(100);
    expect(ratioLines[1]!.startsWith(' '.repeat('Assessment frequency  '.length))).toBe(true);
  });
});
