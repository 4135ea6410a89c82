// Entry point of the WebAssembly kernels: re-exports every kernel module.
// Kernels take byte offsets into the engine's memory and never allocate.
export * from "./memory";
export * from "./gemm";
export { unaryForward, unaryBackward, clampForward, clampBackward, affine, axpy, biasActForward, activationGradInPlace } from "./unary";
export { binary, accumulateStrided } from "./binary";
export { sumAxis, minAxis, minAxisBackward, sumSquares, sumAll } from "./reduce";
export { layerNormForward, layerNormBackward, copy2d, gatherRows, scatterAddRows, sqDiffSum, sqDiffBackward } from "./rows";
export { adamStep, lerpInto, fill } from "./optim";
