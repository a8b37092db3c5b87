// nnlab's WebAssembly kernels. Every pointer is a byte offset into the imported
// (shared) memory; every parallel kernel takes (part, parts) last.
export { col2im, im2col } from './conv2d';
export { activationBackward, activationForward, exp, fill, multiply } from './elementwise';
export { GEMM_WORK_BYTES, sgemm } from './gemm';
export { update } from './optimizers';
export { addBias, argmaxRows, biasGrad, maxPoolBackward, maxPoolForward, softmaxCrossEntropy } from './rows';
