import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** One file of the built web app, held in memory. */
export type Asset = { body: Uint8Array; contentType: string; cacheControl: string };

/** URL path (`/`, `/assets/index-3f2a.js`) → file. */
export type WebAssets = ReadonlyMap<string, Asset>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Reads the built web app (dist/web) into memory once, at start-up. Requests are then answered
 *  from this map: no path from a request ever reaches the file system. Vite names the files under
 *  assets/ by their content hash, so they can be cached for good; the rest must be revalidated. */
export async function loadWebAssets(dir: string): Promise<WebAssets> {
  const assets = new Map<string, Asset>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = `/${relative(dir, full).split(sep).join('/')}`;
    assets.set(path, {
      body: await readFile(full),
      contentType: TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  const index = assets.get('/index.html');
  if (index === undefined) throw new Error(`${dir} has no index.html: build the web app with npm run build`);
  assets.set('/', index);
  return assets;
}
