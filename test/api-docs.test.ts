import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every symbol of the public API (the package root, nnlab/node, and the members of
// exported namespaces such as `classic`) carries a doc comment.
const root = fileURLToPath(new URL('..', import.meta.url));
const ENTRY_POINTS = ['src/index.ts', 'src/node/index.ts'];

function undocumented(): { checked: number; missing: string[] } {
  const program = ts.createProgram(
    ENTRY_POINTS.map((f) => `${root}${f}`),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let checked = 0;
  const visit = (moduleSymbol: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = `${prefix}${exported.name}`;
      checked++;
      if (
        symbol.flags & ts.SymbolFlags.ValueModule &&
        symbol.valueDeclaration &&
        ts.isSourceFile(symbol.valueDeclaration)
      ) {
        // `export * as classic`: the namespace's doc is its file's header; check its members.
        visit(symbol, `${name}.`);
        continue;
      }
      const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      if (doc === '') missing.push(name);
    }
  };
  for (const entry of ENTRY_POINTS) {
    const file = program.getSourceFile(`${root}${entry}`);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
    visit(moduleSymbol, entry === 'src/index.ts' ? '' : 'nnlab/node: ');
  }
  return { checked, missing };
}

describe('the public API', () => {
  it('documents every exported symbol', () => {
    const { checked, missing } = undocumented();
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
