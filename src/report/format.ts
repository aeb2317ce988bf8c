/** Formatting shared by the renderers: numbers for the terminal and HTML, text for HTML and SVG. */

export function money(x: number, currency = 'USD'): string {
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  if (a >= 1e6) return `${sign}${symbol}${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${sign}${symbol}${(a / 1e3).toFixed(1)}k`;
  return `${sign}${symbol}${a.toFixed(0)}`;
}

export function percent(x: number, digits = 1): string {
  const shown = (100 * x).toFixed(digits);
  // −0.2 % to no decimals is "0%", not "-0%".
  return `${/^-0(\.0*)?$/.test(shown) ? shown.slice(1) : shown}%`;
}

/** "95%" for 0.95, "97.5%" for 0.975. */
export function level(x: number): string {
  return `${Number((100 * x).toFixed(2))}%`;
}

export function figureAt(figures: { level: number; amount: number }[], at: number): number {
  const f = figures.find((x) => x.level === at);
  if (!f) throw new Error(`no figure at level ${at}`);
  return f.amount;
}

/** Prose broken at spaces into lines of at most `width` characters (a longer word keeps its own
 *  line); the first line keeps the text's leading spaces, the others start with `continuation`. */
export function wrapWords(text: string, width: number, continuation = ''): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const w of text.slice(lead.length).split(' ')) {
    if (line.trim() && line.length + 1 + w.length > width) {
      lines.push(line);
      line = `${continuation}${w}`;
    } else {
      line = line.trim() ? `${line} ${w}` : `${line}${w}`;
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}


/** Text made safe inside HTML or SVG markup, in element content and in quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
