// Reading the charts back out of a rendered report, for tests: each chart's id, title,
// description and markup, and the vertices of its lines.

export type RenderedChart = { id: string; className: string; title: string; description: string; svg: string };

export function chartsIn(html: string): RenderedChart[] {
  return [...html.matchAll(/<svg [^>]*class="([^"]*)"[^>]*aria-labelledby="([\w-]+)-title [\w-]+-desc">([\s\S]*?)<\/svg>/g)].map((m) => {
    const body = m[3]!;
    return {
      id: m[2]!,
      className: m[1]!,
      title: /<title id="[\w-]+">([^<]*)<\/title>/.exec(body)?.[1] ?? '',
      description: /<desc id="[\w-]+">([^<]*)<\/desc>/.exec(body)?.[1] ?? '',
      svg: m[0],
    };
  });
}

/** Vertices of every unfilled path drawn with `stroke` at `width` (a series' line). */
export function lines(svg: string, stroke: string, width: string): [number, number][][] {
  const re = new RegExp(`<path d="([^"]+)" fill="none" stroke="${stroke}" stroke-width="${width}"`, 'g');
  return [...svg.matchAll(re)].map((m) => [...m[1]!.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((v) => [Number(v[1]), Number(v[2])] as [number, number]));
}

/** Largest distance, in pixels, of the drawn vertices from the affine image of the data that
 *  the first and last points define: a chart that draws the data faithfully scores < 0.5. */
export function affineMisfit(drawn: [number, number][], data: [number, number][]): number {
  const [d0, d1] = [data[0]!, data.at(-1)!];
  const [p0, p1] = [drawn[0]!, drawn.at(-1)!];
  const sx = (p1[0] - p0[0]) / (d1[0] - d0[0]);
  // The y scale from the two points farthest apart in value (the end points may share a value).
  const [i, j] = data.reduce<[number, number]>((best, _, k) => (Math.abs(data[k]![1] - data[0]![1]) > Math.abs(data[best[1]]![1] - data[best[0]]![1]) ? [0, k] : best), [0, 0]);
  const sy = i === j ? 0 : (drawn[j]![1] - drawn[i]![1]) / (data[j]![1] - data[i]![1]);
  return Math.max(...data.map((d, k) => Math.hypot(p0[0] + (d[0] - d0[0]) * sx - drawn[k]![0], drawn[i]![1] + (d[1] - data[i]![1]) * sy - drawn[k]![1])));
}

/** The HTML of the report's section on one hedge (from its heading to the section's end). */
export function sectionOf(html: string, hedgeName: string): string {
  const name = hedgeName.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
  const start = html.indexOf(`<h2>${name} <small>`);
  if (start < 0) throw new Error(`no section on ${hedgeName}`);
  return html.slice(start, html.indexOf('</section>', start));
}
