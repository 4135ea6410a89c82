// The numerical engine: tensors, autodiff, ops, kernels and threads.
export * as ops from "./ops/index.js";
export { Rng, type RngState } from "./rng.js";
export { closeEngine, createEngine, type Engine, type EngineOptions, engine, initEngine } from "./runtime.js";
export { type GradNode, gradOf, keep, noGrad, recordOp, Tensor, tidy } from "./tensor.js";
