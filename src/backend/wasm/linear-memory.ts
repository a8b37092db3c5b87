/**
 * Hands out 16-byte-aligned blocks of a WebAssembly memory (tensors, scratch),
 * growing the memory as needed. Freed blocks are kept by size and reused: an engine
 * allocates the same shapes over and over. Growing a *shared* memory never detaches
 * earlier views, so tensors stay valid; a non-shared memory is sized up front.
 */
export class LinearMemory {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /**
   * Views handed out by {@link view}. (Buffer identity cannot tell ownership: V8 may
   * give a shared memory's `buffer` a new object at any time, aliasing the same bytes.)
   */
  private readonly views = new WeakSet<ArrayBufferView>();

  /** @param base first byte handed out (below it: the module's own static data) */
  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = align(base);
  }

  /** Address of a new block of `bytes` bytes (zero-filled). */
  allocate(bytes: number): number {
    const size = align(Math.max(bytes, 16));
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) {
      new Uint8Array(this.memory.buffer, reused, size).fill(0);
      return reused;
    }
    const at = this.top;
    const needed = at + size - this.memory.buffer.byteLength;
    if (needed > 0) {
      try {
        this.memory.grow(Math.ceil(needed / 65536));
      } catch {
        throw new RangeError(`WebAssembly memory exhausted: cannot grow to ${Math.ceil((at + size) / 2 ** 20)} MiB`);
      }
    }
    this.top = at + size;
    return at;
  }

  /** Returns a block for reuse by a later allocation of the same size. */
  release(address: number, bytes: number): void {
    const size = align(Math.max(bytes, 16));
    const list = this.free.get(size) ?? [];
    list.push(address);
    this.free.set(size, list);
  }

  /** A typed-array view of `length` elements at `address` (from {@link allocate}), registered as this memory's. */
  view<T extends Float32Array | Int32Array>(
    make: (buffer: ArrayBufferLike, address: number, length: number) => T,
    address: number,
    length: number,
  ): T {
    const view = make(this.memory.buffer, address, length);
    this.views.add(view);
    return view;
  }

  /** A scratch view that is not registered (for the backend's own short-lived use). */
  scratch(address: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, address, length);
  }

  /**
   * Unregisters a view made by {@link view} (its block is about to be released) and
   * returns its address; using the view with the backend afterwards throws.
   */
  forget(view: ArrayBufferView): number {
    const address = this.address(view);
    this.views.delete(view);
    return address;
  }

  /** Address of a view made by {@link view}; throws for arrays that live elsewhere. */
  address(view: ArrayBufferView): number {
    if (!this.views.has(view)) throw new RangeError('this array was not allocated by the WebAssembly backend');
    return view.byteOffset;
  }

  /** Bytes handed out so far (high-water mark). */
  get used(): number {
    return this.top;
  }
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}
