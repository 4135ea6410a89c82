// Op codes shared with the WebAssembly kernels (assembly/unary.ts, assembly/binary.ts).
export const Unary = {
  identity: 0,
  relu: 1,
  silu: 2,
  mish: 3,
  tanh: 4,
  softplus: 5,
  exp: 6,
  log: 7,
  sqrt: 8,
  sigmoid: 9,
  square: 10,
} as const;
export type UnaryName = keyof typeof Unary;

/** Activations usable after a Linear layer. */
export type Activation = "identity" | "relu" | "silu" | "mish" | "tanh" | "softplus" | "sigmoid";

/** Whether the derivative needs the pre-activation input (otherwise the output suffices). */
export function needsInput(op: UnaryName): boolean {
  return op === "silu" || op === "mish" || op === "softplus" || op === "log" || op === "square";
}

export const Binary = { add: 0, sub: 1, mul: 2, div: 3 } as const;
export type BinaryName = keyof typeof Binary;
