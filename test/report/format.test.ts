import { describe, expect, it } from 'vitest';
import { escapeHtml, level, money, percent } from '../../src/report/format.js';

describe('report formatting', () => {
  it('writes amounts short, with the sign as a minus', () => {
    expect([money(0), money(999.4), money(12_345), money(-2_500_000), money(1500, 'EUR')]).toEqual(['$0', '$999', '$12.3k', '−$2.50M', 'EUR 1500']);
  });

  it('never writes a negative zero percentage', () => {
    expect([percent(-0.002, 0), percent(-0.0004), percent(-0.006, 0), percent(0.123), percent(-0)]).toEqual(['0%', '0.0%', '-1%', '12.3%', '0.0%']);
  });

  it('writes confidence levels without trailing zeros', () => {
    expect([level(0.95), level(0.975), level(0.999)]).toEqual(['95%', '97.5%', '99.9%']);
  });

  it('escapes the five characters that matter in markup', () => {
    expect(escapeHtml(`<a href="x">Tom's & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;');
  });
});
