import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// No module imports itself through others, in any of the project's TypeScript trees
// (type-only imports included: a cycle of types is still a tangle to read). Relative
// imports only; `.js` specifiers name the `.ts` file beside them, AssemblyScript's
// have no extension.
const root = fileURLToPath(new URL('..', import.meta.url));
const TREES = ['src', 'assembly', 'web/board/src'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function target(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Each file's relative imports (static `import`/`export … from`, dynamic `import()`). */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const tree of TREES) {
    for (const file of files(join(root, tree))) {
      const text = readFileSync(file, 'utf8');
      const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
      edges.set(
        file,
        specs.map((s) => target(file, s)).filter((t): t is string => t !== undefined),
      );
    }
  }
  return edges;
}

/** The cycles found by a depth-first walk, each as the files on it. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).map((f) => relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('imports', () => {
  const edges = graph();
  it('resolve to files of the project', () => {
    expect(edges.size).toBeGreaterThan(100);
    const unresolved: string[] = [];
    for (const tree of TREES) {
      for (const file of files(join(root, tree))) {
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(
          /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g,
        )) {
          if (!target(file, spec as string)) unresolved.push(`${relative(root, file)}: ${spec}`);
        }
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('form no cycles in src/, assembly/ or the board', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it("follow docs/architecture.md's order of layers: a folder of src/ imports only from rows above it", () => {
    // The table's rows, top to bottom (files in folders named node are each row's Node-only part).
    const rows = [
      ['activations', 'kernel-abi', 'tensor', 'util'],
      ['backend'],
      ['random', 'data', 'init'],
      ['classic'],
      ['checkpoint', 'plot', 'board'],
      ['layers', 'losses', 'optim', 'models', 'summary', 'train'],
      ['playground'],
      ['node'],
      ['cli'],
    ];
    const rowOf = (file: string) => {
      const top = relative(join(root, 'src'), file).split('/')[0] as string;
      return rows.findIndex((r) => r.includes(top));
    };
    const upward: string[] = [];
    for (const [file, targets] of edges) {
      const rel = relative(join(root, 'src'), file);
      if (rel.startsWith('..') || rel === 'index.ts' || rel.split('/').includes('node')) continue;
      expect(rowOf(file), `${rel} is in no row`).toBeGreaterThanOrEqual(0);
      for (const t of targets) {
        if (!relative(join(root, 'src'), t).startsWith('..') && rowOf(t) > rowOf(file)) {
          upward.push(`${rel} → ${relative(root, t)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('the cycle finder finds a planted cycle (sanity of the check)', () => {
    const planted = new Map([
      [join(root, 'a.ts'), [join(root, 'b.ts')]],
      [join(root, 'b.ts'), [join(root, 'c.ts')]],
      [join(root, 'c.ts'), [join(root, 'a.ts')]],
    ]);
    expect(cycles(planted)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
