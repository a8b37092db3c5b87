import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
// Node-only code: src/cli, and every folder named node (src/node, src/backend/wasm/node …).
const isNodeOnly = (rel: string) => rel.startsWith('cli/') || rel.split('/').slice(0, -1).includes('node');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('the numerical core is browser-safe', () => {
  it('imports no Node built-ins outside src/cli and folders named node', () => {
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];
    let checked = 0;
    for (const file of files(src)) {
      const rel = relative(src, file);
      if (isNodeOnly(rel) || !file.endsWith('.ts')) continue;
      checked++;
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (spec?.startsWith('node:') || builtins.has(spec ?? '')) offenders.push(`${rel}: ${spec}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
