import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputsHash, loadBatchContext, type BatchContext } from '../../src/batch/market.js';
import { splitLongCsv, type PortfolioTask } from '../../src/batch/sources.js';
import { analyzeJob, type BatchJob } from '../../src/batch/task.js';
import { DEFAULT_OPTIONS, analyze } from '../../src/pipeline/analyze.js';
import { SAMPLES, loadInputs } from '../../src/pipeline/load-inputs.js';

// One portfolio of a batch is analysed exactly as `analyze` analyses it alone, and its errors
// name the line of the file the user wrote, also inside a long CSV.
const cwd = process.cwd();
const market = { prices: SAMPLES.equity.prices, rates: SAMPLES.equity.rates, chains: [], credit: SAMPLES.equity.credit, cwd };
let context: BatchContext;
beforeAll(async () => {
  context = await loadBatchContext(market, { ...DEFAULT_OPTIONS, hedgeKinds: ['short-self', 'sector-etf-short', 'protective-put'] });
});

const job = (task: PortfolioTask): BatchJob => ({ ...task, inputsHash: inputsHash(context.hash, task.sha256) });

describe('analyzeJob', () => {
  it('gives the report analyze gives for the same holdings file', async () => {
    const file = 'data/sample/portfolio.csv';
    const text = readFileSync(file, 'utf8');
    const outcome = analyzeJob(job({ id: 'portfolio', file, text, lines: null, sha256: 'x' }), context);
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    const alone = analyze(await loadInputs({ ...market, portfolio: SAMPLES.equity.portfolio }), context.options);
    expect(outcome.reportJson).toBe(JSON.stringify(alone));
    expect(outcome.summary.target).toBe('AAPL');
    expect(outcome.hedges.map((h) => h.name).sort()).toEqual(alone.hedges.map((h) => h.name).sort());
  });

  it('names the long file and its line in an invalid portfolio, and analyses the valid one beside it', () => {
    const long = [
      'portfolio,symbol,quantity,cost_basis', // 1
      'good,AAPL,100,', //                       2
      'bad,MSFT,10,', //                          3
      'good,SPY,50,', //                          4
      'bad,AAPL,ten,', //                         5
    ].join('\n');
    const [good, bad] = splitLongCsv(long, 'clients.csv').map((t) => analyzeJob(job(t), context));
    expect(good!.status).toBe('ok');
    expect(bad).toMatchObject({ status: 'invalid', error: 'clients.csv:5:quantity: expected a quantity (a non-zero number), got "ten"' });
  });

  it('maps rows named inside messages and the rows of later checks too', () => {
    const duplicate = splitLongCsv('portfolio,symbol,quantity\nx,AAPL,1\ny,SPY,1\nx,AAPL,2\n', 'c.csv');
    expect(analyzeJob(job(duplicate[0]!), context)).toMatchObject({
      status: 'invalid', error: 'c.csv:4:symbol: expected each symbol on one row only (also on row 2), got "AAPL"',
    });
    const unknown = splitLongCsv('portfolio,symbol,quantity\nx,AAPL,1\ny,SPY,1\nx,NOSUCH,2\n', 'c.csv');
    expect(analyzeJob(job(unknown[0]!), context)).toMatchObject({
      status: 'invalid', error: expect.stringMatching(/^c\.csv:4:symbol: expected a holding with a price history .*got "NOSUCH"$/),
    });
  });

  it('reports warnings of a long CSV at their lines', () => {
    const [p] = splitLongCsv('portfolio,symbol,quantity,sector\n\np,AAPL,100,tech\n', 'c.csv');
    const outcome = analyzeJob(job(p!), context);
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(JSON.parse(outcome.reportJson).data.warnings[0]).toBe('c.csv:1:sector: column sector is not a holdings column (symbol, quantity, cost_basis, currency); it is ignored');
  });

  it('passes a file that could not be read straight through as invalid', () => {
    const outcome = analyzeJob(job({ id: 'u', file: 'u.csv', text: '', lines: null, readError: 'u.csv: expected UTF-8 text', sha256: 'x' }), context);
    expect(outcome).toMatchObject({ status: 'invalid', error: 'u.csv: expected UTF-8 text' });
  });

  it('turns anything else thrown into a failed outcome with the stack, without throwing', () => {
    const broken: BatchContext = { ...context, market: { ...context.market, tbill: undefined as never } };
    const outcome = analyzeJob(job({ id: 'p', file: 'p.csv', text: 'symbol,quantity\nAAPL,1\n', lines: null, sha256: 'x' }), broken);
    expect(outcome.status).toBe('failed');
    expect(outcome.status !== 'ok' && outcome.error).toMatch(/TypeError[\s\S]*\n\s+at /);
  });
});
