// Every differentiable op of the engine.
export { add, addScalar, affine, div, mul, neg, scale, sub } from "./elementwise.js";
export { layerNorm } from "./layerNorm.js";
export { linear } from "./linear.js";
export { mse } from "./loss.js";
export { type MatmulOptions, matmul } from "./matmul.js";
export { type Activation, Unary, type UnaryName } from "./opCodes.js";
export { mean, meanAll, min, sum, sumAll } from "./reduce.js";
export { concat, gatherRows, slice } from "./shape.js";
export { tanhGaussianSample } from "./tanhGaussian.js";
export { clamp, exp, log, mish, relu, sigmoid, silu, softplus, sqrt, square, tanh, unary } from "./unary.js";
