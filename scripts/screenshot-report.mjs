// A screenshot of an HTML report in headless Chromium (Debian's), to look at the charts as a
// reader sees them and to refresh docs/screenshots:
//   node scripts/screenshot-report.mjs REPORT.html OUT.png [SELECTOR]
// With a CSS selector, the first element it matches; without, the top of the page in a 1280 × 900
// window.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [report, out, selector] = process.argv.slice(2);
if (report === undefined || out === undefined) {
  console.error('usage: node scripts/screenshot-report.mjs REPORT.html OUT.png [SELECTOR]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(resolve(report)).href);
  if (selector === undefined) await page.screenshot({ path: out });
  else await page.locator(selector).first().screenshot({ path: out });
} finally {
  await browser.close();
}
