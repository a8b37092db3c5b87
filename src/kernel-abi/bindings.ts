import { ABI_SIGNATURE } from './codes.js';

/**
 * A module's kernels: each export's parameter names, in order. This table is the one
 * place a kernel's signature is written on the TypeScript side; calls pass named
 * arguments ({@link NamedArgs}), packed into that order by {@link packArgs}, and
 * {@link checkKernelExports} proves at start-up that the module's functions take that
 * many parameters.
 */
export type KernelTable = Readonly<Record<string, readonly string[]>>;

/** The arguments of kernel `K` of table `T`, by name. */
export type NamedArgs<T extends KernelTable, K extends keyof T> = { readonly [P in T[K][number]]: number };

/** A kernel as the module exports it: numbers in, a number (or nothing) out. */
export type RawKernel = (...args: number[]) => number;

/** Named arguments → the positional list the export takes. */
export function packArgs<T extends KernelTable, K extends keyof T & string>(
  table: T,
  kernel: K,
  args: NamedArgs<T, K>,
): number[] {
  const names = table[kernel] as readonly string[];
  const values = args as Readonly<Record<string, number>>;
  return names.map((name) => values[name] as number);
}

/**
 * Checks that `exports` has every kernel of `table`, each taking its parameters plus
 * `trailing` more (the (part, parts) of parallel kernels), and that it was built from
 * the codes of src/kernel-abi/codes.ts (its `ABI_SIGNATURE`). Throws one line naming
 * the first mismatch: a module built from other sources must not run silently.
 * @param what the module, for the message ("build/nnlab-simd.wasm")
 */
export function checkKernelExports(
  exports: WebAssembly.Exports,
  tables: ReadonlyArray<{ table: KernelTable; trailing: number }>,
  what: string,
): void {
  const stale = (detail: string) =>
    new Error(`${what} does not match this nnlab (${detail}); rebuild it with npm run build:wasm`);
  const signature = exports.ABI_SIGNATURE;
  if (!(signature instanceof WebAssembly.Global)) throw stale('it exports no ABI_SIGNATURE');
  if (signature.value !== ABI_SIGNATURE) throw stale(`ABI signature ${signature.value}, expected ${ABI_SIGNATURE}`);
  for (const { table, trailing } of tables) {
    for (const [name, params] of Object.entries(table)) {
      const fn = exports[name];
      if (typeof fn !== 'function') throw stale(`no kernel ${name}`);
      const expected = params.length + trailing;
      if (fn.length !== expected) throw stale(`kernel ${name} takes ${fn.length} arguments, expected ${expected}`);
    }
  }
}
