import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/report/schema.js';

// The web app in a real browser: Debian's Chromium driven by playwright-core, against
// `microhedge serve` started from the built package on a free port, as a user would run it.
// MICROHEDGE_SCREENSHOTS=1 also writes the screenshots of docs/screenshots.

const ROOT = process.cwd();
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = process.env.MICROHEDGE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : undefined;

let server: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  for (const built of ['dist/src/cli/main.js', 'dist/web/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`the browser tests need the built package (${built}): run npm run build (npm test does)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Debian's Chromium at ${CHROMIUM}: bash scripts/system-deps.sh installs it`);
  server = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', '0', '--threads', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /microhedge web app: (http:\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`microhedge serve exited with code ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A 1366 × 768 laptop screen.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A Content-Security-Policy violation (an inline style in a chart, say) is reported on the console;
  // the 4xx answers the upload test provokes are too, and are expected.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text()); });
  await page.goto(url);
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill('SIGTERM');
});

/** The id of the focused element (the test's tsconfig has no DOM types: evaluated as text). */
function focused(): Promise<string | undefined> {
  return page.evaluate('document.activeElement ? document.activeElement.id : undefined');
}

async function shot(name: string, fullPage = false): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name), fullPage });
}

describe('the web app', () => {
  it('loads the sample from the keyboard and suggests the concentrated holding', async () => {
    await page.getByRole('button', { name: 'Load the equity sample' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#target').inputValue()).toBe('AAPL');
    await expect.poll(() => page.locator('#target option:checked').textContent()).toMatch(/^AAPL \(suggested\)/);
    expect(await page.locator('#target-why').textContent()).toMatch(/^Suggested: AAPL ranks first/);
    // Every control has a label a screen reader announces.
    const unlabelled = await page.locator('input, select').evaluateAll((els) => els
      .filter((e) => (e as unknown as { labels: { length: number } | null }).labels?.length === 0 && !e.getAttribute('aria-label'))
      .map((e) => e.id || e.outerHTML));
    expect(unlabelled).toEqual([]);
  });

  it('analyses and shows the hedges ranked, with the CLI\'s figures', async () => {
    await page.locator('#horizon').fill('10');
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.locator('table.rank[data-scope="micro"]').waitFor();
    const heading = page.locator('#results-h');
    expect(await heading.textContent()).toBe('Hedging AAPL: 30.7% of a $2.94M portfolio');
    // Focus moves to the results for keyboard and screen-reader users.
    expect(await focused()).toBe('results-h');
    const rows = await page.locator('table.rank[data-scope="micro"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-hedge')));
    expect(rows[0]).toBe('Short AAPL 100%');
    expect(rows).toContain('Put 96% 91d');
    await shot('results.png');
  });

  it('downloads the JSON report, which validates against the report schema', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON report' }).click()]);
    expect(download.suggestedFilename()).toBe('microhedge-AAPL-2024-11-29.json');
    const report = reportSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
    expect(report.target).toBe('AAPL');
    const rows = await page.locator('table.rank tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-hedge')));
    expect([...rows].sort()).toEqual(report.hedges.map((h) => h.name).sort());
    const put = report.hedges.find((h) => h.name === 'Put 96% 91d')!;
    const es99 = put.portfolio.after.es.find((f) => f.level === 0.99)!.amount;
    expect(await page.locator('tr[data-hedge="Put 96% 91d"] td').nth(2).textContent()).toContain(`$${(es99 / 1e3).toFixed(1)}k`);
  });

  it('opens a put, and the figures follow its strike when it is moved with the keyboard', async () => {
    await page.getByRole('button', { name: 'Put 96% 91d' }).click();
    await page.locator('#adj-put').waitFor();
    await page.locator('svg.chart').first().waitFor();
    expect(await page.locator('#detail-h').textContent()).toBe('Put 96% 91d');
    const before = await page.locator('[data-figure="asset-es"]').textContent();
    const cost = await page.locator('[data-figure="cost"]').textContent();
    await shot('hedge-detail.png');
    if (SHOTS) {
      await page.locator('.charts').scrollIntoViewIfNeeded();
      await shot('hedge-charts.png');
    }
    await page.locator('#adj-put').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#adjust-status').textContent()).toMatch(/^Updated in \d+ ms/);
    expect(await page.locator('#adj-put-value').textContent()).toBe('237.5 (100.1% of spot)');
    expect(await page.locator('#detail-h').textContent()).toBe('Put 100% 91d ×38');
    expect(await page.locator('[data-figure="asset-es"]').textContent()).not.toBe(before);
    expect(await page.locator('[data-figure="cost"]').textContent()).not.toBe(cost);
    // Higher strike, more protection: the holding's ES after hedging falls.
    const esAfter = async () => Number((await page.locator('[data-figure="asset-es"] b').textContent())!.replace(/[$k]/g, ''));
    const at100 = await esAfter();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('#detail-h').textContent()).toBe('Put 96% 91d ×38');
    expect(await esAfter()).toBeGreaterThan(at100);
    await page.locator('#adj-contracts').fill('20');
    await expect.poll(() => page.locator('#detail-h').textContent()).toBe('Put 96% 91d ×20');
    await page.getByRole('button', { name: 'Back to the ranking' }).click();
    expect(await focused()).toBe('ranking-h');
  });

  it('explains a malformed upload: file, row, column and what was expected', async () => {
    await page.locator('#files').setInputFiles([
      { name: 'holdings.csv', mimeType: 'text/csv', buffer: Buffer.from('symbol,quantity\nAAPL,100\nMSFT,many\n') },
      { name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from('date,AAPL,MSFT\n2024-11-29,237.33,423.46\n') },
    ]);
    const alert = page.locator('#inputs-error');
    await expect.poll(() => alert.textContent()).toBe('Could not read the inputs: holdings.csv:3:quantity: expected a quantity (a non-zero number), got "many"');
    await shot('upload-error.png');
    expect(pageErrors).toEqual([]);
  });

  it('asks for the order of ambiguous slash dates and reads the files again once it is chosen', async () => {
    const prices = await readFile(join(ROOT, 'test/bad-inputs/cli/fixtures/day-first-prices.csv'));
    await page.locator('#files').setInputFiles([
      { name: 'book.csv', mimeType: 'text/csv', buffer: Buffer.from('symbol,quantity\nAAPL,100\nXOM,50\nCASH,1000\n') },
      { name: 'day-first.csv', mimeType: 'text/csv', buffer: prices },
    ]);
    const alert = page.locator('#inputs-error');
    await expect.poll(() => alert.textContent()).toBe('Could not read the inputs: day-first.csv:2:date: expected a date whose order is known: no date in ' +
      'this file has a number above 12 that shows whether the month or the day comes first, got "1/3/2022". Choose how "Dates such as 03/04/2020 are" read above, and the files are read again.');
    await page.locator('#date-order').selectOption('day-first');
    await expect.poll(() => page.locator('#inputs-status').textContent()).toBe('Read 2 files: 2 holdings, prices to 2024-11-12.');
    expect(await alert.textContent()).toBe('');
    // The inputs follow the order shown: back to "as the files show", the same files are refused again.
    await page.locator('#date-order').selectOption('');
    await expect.poll(() => alert.textContent()).toMatch(/^Could not read the inputs: day-first\.csv:2:date: expected a date whose order is known/);
    expect(pageErrors).toEqual([]);
  });

  it('names the select when a date cannot be read in the order chosen, and reads the files again in the other', async () => {
    // A year of the sample's real prices with their dates written day first (13/11/2023 and so on).
    const [header, ...rows] = (await readFile(join(ROOT, 'data/sample/stocks_19_2004-2024.csv'), 'utf8')).trim().split('\n');
    const columns = header!.split(',');
    const [aapl, xom] = [columns.indexOf('AAPL'), columns.indexOf('XOM')];
    const lines = rows.slice(-250).map((r) => {
      const cells = r.split(',');
      const [y, m, d] = cells[0]!.split('-').map(Number);
      return `${d}/${m}/${y},${cells[aapl]},${cells[xom]}`;
    });
    const files = [
      { name: 'book.csv', mimeType: 'text/csv', buffer: Buffer.from('symbol,quantity\nAAPL,100\nXOM,50\n') },
      { name: 'dmy.csv', mimeType: 'text/csv', buffer: Buffer.from(['date,AAPL,XOM', ...lines].join('\n')) },
    ];
    const firstBad = lines.findIndex((l) => Number(l.split('/')[0]) > 12);
    await page.locator('#date-order').selectOption('month-first');
    await page.locator('#files').setInputFiles(files);
    const alert = page.locator('#inputs-error');
    await expect.poll(() => alert.textContent()).toBe(`Could not read the inputs: dmy.csv:${firstBad + 2}:date: expected a month-first date M/D/YYYY, ` +
      `as "Dates such as 03/04/2020 are" says, got "${lines[firstBad]!.split(',')[0]}". Choose the other order there, or "as the files show", and the files are read again.`);
    await page.locator('#date-order').selectOption('day-first');
    await expect.poll(() => page.locator('#inputs-status').textContent()).toMatch(/^Read 2 files: 2 holdings, prices to \d{4}-\d{2}-\d{2}\.$/);
    expect(await alert.textContent()).toBe('');
    // With a day above 12 the files show their order themselves.
    await page.locator('#date-order').selectOption('');
    await expect.poll(() => page.locator('#inputs-status').textContent()).toMatch(/^Read 2 files: 2 holdings/);
    expect(await alert.textContent()).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('refuses a port already in use in one line, exit code 2', async () => {
    const port = new URL(url).port;
    const second = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--port', port], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(`error: --port: expected a port this user can listen on at 127.0.0.1 (EADDRINUSE), got "${port}"\n`);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
