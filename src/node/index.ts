/** Node-only helpers: files, pictures, WebAssembly loading, the board's and the playground's servers. The browser-safe library is the package root. */

export {
  bestWasmVariant,
  createWasmBackend,
  RUNTIME_FEATURES,
  relaxedSimdSupported,
  simdSupported,
  type WasmBackendOptions,
  type WasmFeatures,
  type WasmVariant,
  wasmThreadsSupported,
} from '../backend/wasm/node/loader.js';
export { ThreadPool } from '../backend/wasm/node/thread-pool.js';
export { CLASSIC_WASM_FILE, classicWasmModule } from '../classic/wasm/node/loader.js';
export { assertWritable, writeFileAtomic } from './atomic-write.js';
export { type Board, type BoardOptions, startBoard } from './board/server.js';
export { EventFile } from './event-file.js';
export { defaultMnistDir, loadMnist, MNIST_FILE_NAMES } from './mnist-files.js';
export { type PictureFormat, pictureFormat, renderPng, svgToPng, writePicture } from './picture.js';
export { type Playground, type PlaygroundOptions, startPlayground } from './playground/server.js';
