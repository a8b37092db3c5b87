import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard's web app: built into dist/web/board, which `nnlab board` serves. Everything
// is bundled (no CDN), so the board works offline.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  // The board's browser-safe logic lives in src/board (shared with the server's API
  // types); the app names it @nnlab/board, as tsconfig.json's `paths` does.
  resolve: {
    alias: [
      {
        find: /^@nnlab\/board\/(.*)\.js$/,
        replacement: fileURLToPath(new URL('../../src/board/$1.ts', import.meta.url)),
      },
    ],
  },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/board', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});
