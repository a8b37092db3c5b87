import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The Vite configuration of one of nnlab's web apps (`web/<name>`), built into
 * dist/web/<name>. Everything is bundled (no CDN) and addressed relative to the page
 * (`base: './'`), so a build works offline and from any folder of a static host.
 * The apps import the browser-safe code of src/ directly; the board also names
 * src/board `@nnlab/board`, as tsconfig.json's `paths` does.
 */
export function webAppConfig(name: string): UserConfig {
  const web = new URL('../', import.meta.url);
  return defineConfig({
    root: fileURLToPath(new URL(`${name}/`, web)),
    base: './',
    resolve: {
      alias: [
        {
          find: /^@nnlab\/board\/(.*)\.js$/,
          replacement: fileURLToPath(new URL('../src/board/$1.ts', web)),
        },
      ],
    },
    logLevel: 'warn',
    build: {
      outDir: fileURLToPath(new URL(`../dist/web/${name}`, web)),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1024,
      // The WebAssembly module stays a file of its own (it is compiled, not inlined as base64).
      assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    },
  });
}
