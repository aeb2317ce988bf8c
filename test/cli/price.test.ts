import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { chainOutputSchema, ivOutputSchema, priceOutputSchema } from '../../src/cli/output-schemas.js';
import { priceOption } from '../../src/pricing/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'microhedge-price-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const haug = ['--type', 'put', '--spot', '100', '--strike', '95', '--time', '0.5', '--rate', '0.1', '--dividend-yield', '0.05'];

describe('microhedge price / iv', () => {
  it("prices Haug's (2007) Merton example: put 2.4648, with Greeks", async () => {
    const r = await run(['price', ...haug, '--vol', '0.2', '--json', '-']);
    expect(r.code).toBe(0);
    const [row] = priceOutputSchema.parse(JSON.parse(r.stdout));
    expect(row!.result.price).toBeCloseTo(2.4648, 4);
    expect(row!.result.delta).toBeLessThan(0);
    expect(r.stderr).toMatch(/2\.4648/);
  });

  it('inverts the price back to the volatility', async () => {
    const price = priceOption({ type: 'put', style: 'american', spot: 100, strike: 95, timeYears: 0.5, rate: 0.1, dividendYield: 0.05, volatility: 0.2 });
    const r = await run(['iv', ...haug, '--style', 'american', '--price', String(price), '--json', '-']);
    expect(r.code).toBe(0);
    const [row] = ivOutputSchema.parse(JSON.parse(r.stdout));
    expect('impliedVolatility' in row!.result && row!.result.impliedVolatility).toBeCloseTo(0.2, 10);
  });

  it('a price with no implied volatility is the user\'s error (exit 2) with the reason', async () => {
    const r = await run(['iv', ...haug, '--price', '95']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --price: expected a price with an implied volatility \(no implied volatility: .*\), got "95"\n$/);
  });

  it('reads a CSV of options and names the file, row and column of a bad cell', async () => {
    const good = join(dir, 'options.csv');
    await writeFile(good, 'type,style,spot,strike,rate,dividend_yield,time_years,volatility\nput,american,100,95,0.1,0.05,0.5,0.2\ncall,european,100,110,0.03,0,1,0.3\n');
    const r = await run(['price', '--file', good, '--json', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'type,spot,strike,rate,time_years,volatility\nput,100,95,0.1,0.5,0.2\nput,100,-5,0.1,0.5,0.2\n');
    const e = await run(['price', '--file', 'bad.csv'], { cwd: dir });
    expect(e.code).toBe(2);
    expect(e.stderr).toBe('error: bad.csv:3:strike: expected a positive strike, got "-5"\n');
  });

  it('writes a CSV of the results and can stay quiet; unbounded Greeks are ∞ on screen, empty with the reason in the CSV', async () => {
    const options = join(dir, 'two.csv');
    await writeFile(options, 'type,style,spot,strike,rate,dividend_yield,time_years,volatility\nput,european,100,95,0.1,0.05,0.5,0.2\nput,european,100,100,0.05,0,0,0.2\n');
    const r = await run(['price', '--file', 'two.csv', '--csv', 'out', '--quiet'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const rows = (await readFile(join(dir, 'out', 'price.csv'), 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('type,style,spot,strike,rate,dividend_yield,time_years,volatility,price,delta,gamma,vega_per_1,theta_per_year,rho_per_1,dividend_rho_per_1,note');
    const [first, atExpiry] = [rows[1]!.split(','), rows[2]!.split(',')];
    expect(Number(first[8])).toBeCloseTo(2.4648, 4);
    expect(atExpiry.slice(10, 13)).toEqual(['', '0', '']);
    expect(rows[2]).toMatch(/gamma is \+∞/);
    const json = await run(['price', '--type', 'put', '--spot', '100', '--strike', '100', '--rate', '0.05', '--time', '0', '--vol', '0.2', '--json', '-']);
    const [unbounded] = priceOutputSchema.parse(JSON.parse(json.stdout));
    expect(unbounded!.result).toMatchObject({ gamma: null, theta: null, note: expect.stringMatching(/^at the forward with no diffusion left/) });
    const screen = await run(['price', '--type', 'put', '--spot', '100', '--strike', '100', '--rate', '0.05', '--time', '0', '--vol', '0.2']);
    expect(screen.stdout).toMatch(/-0\.5000 +\+∞ +0\.0000 +−∞ +0\.0000\nnote: at the forward with no diffusion left/);
    expect(screen.stdout).not.toMatch(/Infinity|NaN/);
    const again = await run(['iv', ...haug, '--price', '2.4648', '--csv', 'out'], { cwd: dir });
    expect(again.code).toBe(0);
    expect((await readFile(join(dir, 'out', 'iv.csv'), 'utf8')).split('\n')[1]).toMatch(/^put,european,100,95,0\.1,0\.05,0\.5,2\.4648,0\.2000\d+,$/);
    expect(await run(['price', '--file', 'two.csv', '--csv', 'out'], { cwd: dir })).toMatchObject({
      code: 2, stderr: 'error: --csv: expected a file that does not exist yet (add --force to overwrite it), got "out/price.csv"\n' });
  });

  it('rejects a missing flag by name', async () => {
    const r = await run(['price', '--type', 'put', '--spot', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --strike: expected a positive strike \(or --file FILE\)\n$/);
  });
});

describe('microhedge chain', () => {
  it('inverts every AAPL quote with a bid at its mid, as an American option, and says why the rest have none', async () => {
    const r = await run(['chain', 'data/sample/aapl_chain_2016-09-06.json', '--dividend-yield', '0.0198', '--json', '-']);
    expect(r.code).toBe(0);
    const out = chainOutputSchema.parse(JSON.parse(r.stdout));
    expect(out.style).toBe('american');
    expect(out.quotes).toHaveLength(76);
    for (const q of out.quotes) {
      if (q.impliedVolatility === null) {
        expect(q.reason).toMatch(/no bid|below the no-arbitrage lower bound|upper bound|no time value/);
        continue;
      }
      const repriced = priceOption({ type: q.type, style: 'american', spot: 107.68, strike: q.strike, rate: q.rate, dividendYield: 0.0198, volatility: q.impliedVolatility, timeYears: q.timeYears });
      expect(repriced).toBeCloseTo(q.mid, 9);
    }
    expect(r.stderr).toMatch(/76 quotes, \d+ with an implied volatility/);
  });

  it('uses the SPX file\'s own per-expiry rates for its European options', async () => {
    const r = await run(['chain', 'data/sample/spx_chain_2010-09-17.csv', '--json', '-']);
    expect(r.code).toBe(0);
    const out = chainOutputSchema.parse(JSON.parse(r.stdout));
    expect(out.style).toBe('european');
    expect(out.quotes).toHaveLength(481);
    expect(new Set(out.quotes.map((q) => q.rate))).toEqual(new Set([0.0012, 0.0016]));
  });

  it('draws the smile in a self-contained page and writes every quote as CSV', async () => {
    const r = await run(['chain', join(process.cwd(), 'data/sample/spx_chain_2010-09-17.csv'), '--html', 'smile.html', '--csv', 'chain', '--quiet'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const html = await readFile(join(dir, 'smile.html'), 'utf8');
    expect(html).toContain('<title id="smile-title">Implied volatility (annualised) against strike / spot, SPX</title>');
    expect(html).toMatch(/2010-10-16 \(29 days, \d+%–\d+%\); 2010-11-20 \(64 days/);
    expect(html).not.toMatch(/<script|NaN|Infinity/);
    const rows = (await readFile(join(dir, 'chain', 'chain.csv'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(1 + 481);
    expect(rows[0]).toBe('type,strike,expiry,time_years,bid,ask,mid,rate,implied_volatility,vendor_implied_volatility,reason,detail');
  });

  it('refuses a file that is not a chain', async () => {
    const r = await run(['chain', 'data/sample/portfolio.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: data/sample/portfolio.csv: expected an option chain (Yahoo JSON or a CSV with a strike column), not a holdings file\n');
    expect(await run(['chain'])).toMatchObject({ code: 2, stderr: 'error: chain: expected one option-chain FILE (see microhedge chain --help)\n' });
    expect(await run(['chain', 'data/sample/spx_chain_2010-09-17.csv', '--rate', 'low'])).toMatchObject({
      code: 2, stderr: 'error: --rate: expected a decimal number (0.05 = 5 %), got "low"\n' });
    expect((await run(['chain', '--help'])).stdout).toContain('microhedge chain data/sample/aapl_chain_2016-09-06.json');
  });
});
