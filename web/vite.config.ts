import { defineConfig } from 'vite';

// `npm run build` builds the app (root: web/, given on the command line) into dist/web, which
// `microhedge serve` serves; `npm run web:dev` serves web/ with hot reload and sends /api to a
// `microhedge serve` running on the default port.
// eslint-disable-next-line no-restricted-exports -- Vite reads its configuration from the default export
export default defineConfig({
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // The server's Content-Security-Policy allows no inline script or style: keep every asset a file.
    assetsInlineLimit: 0,
    target: 'es2022',
    // The largest chunk is ECharts (≈ 550 kB, 184 kB gzipped), loaded when the first hedge detail opens.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:4173', headers: { host: '127.0.0.1:4173', origin: 'http://127.0.0.1:4173' } } },
  },
});
