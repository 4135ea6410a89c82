// Entry point of the WebAssembly kernels: re-exports every kernel module.
// Kernels take byte offsets into the engine's memory and never allocate.
export * from "./memory";
export * from "./gemm";
