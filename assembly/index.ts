// nnlab's float32 WebAssembly kernels. Every pointer is a byte offset into the imported
// (shared) memory; every parallel kernel takes (part, parts) last. The TypeScript side
// declares each export's parameters once (src/backend/wasm/abi.ts) and checks this
// module's arity and ABI_SIGNATURE when it loads it.
export { ABI_SIGNATURE } from '../src/kernel-abi/codes';
export { col2im, im2col } from './conv2d';
export { conv1FilterGrad, conv1Forward } from './conv2d-one-channel';
export { activationBackward, activationForward, fill, multiply } from './elementwise';
export { GEMM_WORK_BYTES, sgemm } from './gemm';
export { update } from './optimizers';
export {
  winogradConv, winogradFilter, winogradFilterFloats, winogradFilterGrad, winogradGradFloats, winogradFilterGradOut, winogradScratchBytes,
} from './winograd';
export { addBias, argmaxRows, biasGrad, maxPoolBackward, maxPoolForward, softmaxCrossEntropy } from './rows';
