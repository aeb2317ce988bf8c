import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { expectNoUncomputed } from './corpus.js';
import { GENERATORS, HERE, runImporterCase, type Case } from './importers/run-case.js';

// The importers' bad-input corpus (importers/cases.json): every case must end in an InputError
// with exactly the given message (file:row:column or field, what was expected, the value found),
// never another exception, never a hang, never a NaN or Infinity of our own making in the text.

const { cases } = JSON.parse(readFileSync(join(HERE, 'cases.json'), 'utf8')) as { cases: Case[] };

describe('importer bad-input corpus', () => {
  it('has at least 220 cases with unique names, one per file, every file used', () => {
    expect(cases.length).toBeGreaterThanOrEqual(220);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    const onDisk = cases.filter((c) => c.generate === undefined).map((c) => c.file);
    expect(new Set(onDisk).size).toBe(onDisk.length);
    const helpers = ['cases.json', 'make-binary.py', 'run-case.ts', ...cases.flatMap((c) => c.prices ?? [])];
    expect(readdirSync(HERE).sort()).toEqual([...new Set([...onDisk, ...helpers])].sort());
    for (const c of cases) if (c.generate !== undefined) expect(Object.keys(GENERATORS)).toContain(c.generate);
  });

  it('covers every importer', () => {
    const importers = new Set(cases.map((c) => c.importer));
    for (const i of ['prices', 'rates', 'holdings', 'chain-json', 'chain-csv', 'options', 'capital-structure', 'detect', 'file', 'coverage']) {
      expect(importers).toContain(i);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const thrown = await runImporterCase(c);
    if (!(thrown instanceof InputError)) throw thrown ?? new Error('the importer accepted this input');
    expect(thrown.message).toBe(c.error);
    expect(thrown.message).not.toMatch(/[\r\n]/);
    expectNoUncomputed(thrown.message, thrown.details.value === undefined ? [] : [JSON.stringify(thrown.details.value)]);
  });
});
