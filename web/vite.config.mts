import { defineConfig } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// The family portal: built into dist/web, served by the Nest process at `/` (same origin as /graphql).
export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  build: {
    outDir: resolve(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline script or style (strict CSP): assets are files, never data: URLs.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    rollupOptions: {
      // React Router and TanStack Query mark their modules "use client" (for React Server Components);
      // a client-only bundle has nothing to preserve.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '/graphql': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/invoices': 'http://localhost:3000',
      '/credit-notes': 'http://localhost:3000',
      '/payments': 'http://localhost:3000',
      '/test-bank': 'http://localhost:3000',
    },
  },
});
