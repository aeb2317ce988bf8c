// Screenshots of an HTML report in headless Chromium, for docs/screenshots and for looking at the
// charts as a reader sees them: `node scripts/screenshot-report.mjs REPORT.html OUT_PREFIX
// [SELECTOR...]` writes OUT_PREFIX-full.png (the whole page, 1280 px wide) and, per selector, the
// first matching element as OUT_PREFIX-<n>.png.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [report, prefix, ...selectors] = process.argv.slice(2);
if (report === undefined || prefix === undefined) {
  console.error('usage: node scripts/screenshot-report.mjs REPORT.html OUT_PREFIX [SELECTOR...]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(resolve(report)).href);
  await page.screenshot({ path: `${prefix}-full.png`, fullPage: true });
  for (const [n, selector] of selectors.entries()) {
    await page.locator(selector).first().screenshot({ path: `${prefix}-${n + 1}.png` });
  }
} finally {
  await browser.close();
}
