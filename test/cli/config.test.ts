import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { reportSchema } from '../../src/report/schema.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'microhedge-config-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const analyze = async (args: string[]) => {
  const r = await run(['analyze', '--json', '-', '--quiet', '--hedges', 'short-self,sector-etf-short', ...args], { cwd: dir });
  return { ...r, report: r.code === 0 ? reportSchema.parse(JSON.parse(r.stdout)) : undefined };
};

describe('microhedge.config.json', () => {
  it('sets defaults that flags override', async () => {
    await writeFile(join(dir, 'microhedge.config.json'), JSON.stringify({
      horizonDays: 5, confidence: [0.9, 0.975], costs: { borrowFeeBySymbol: { AAPL: 0.02 } },
    }));
    const { report } = await analyze([]);
    expect(report!.horizonDays).toBe(5);
    expect(report!.confidence).toEqual([0.9, 0.975]);
    const full = report!.hedges.find((h) => h.name === 'Short AAPL 100%')!;
    expect(full.parameters.borrowFeeAnnual).toBe(0.02);
    const flagged = await analyze(['--horizon', '10']);
    expect(flagged.report!.horizonDays).toBe(10);
  });

  it('names the file and the field of a bad value, and refuses unknown fields', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ costs: { borrowFeeAnnual: 5 } }));
    const r = await analyze(['--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*bad\.json:costs\.borrowFeeAnnual: expected .*1/);
    await writeFile(bad, JSON.stringify({ horizon: 5 }));
    const unknown = await analyze(['--config', bad]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/bad\.json:horizon: expected/);
    await writeFile(bad, '{ "horizonDays": ');
    const broken = await analyze(['--config', bad]);
    expect(broken.stderr).toMatch(/bad\.json: expected valid JSON/);
  });
});
