// What the library asks of its host, as a browser answers (hostNode.ts has the questions; a bundler
// targeting browsers resolves "#host" here through package.json's "imports").
import type * as NodeHost from "./hostNode.js";

const GIB = 1024 ** 3;

/** A page has no environment variables: every setting that reads one takes its default. */
export const environmentVariable: typeof NodeHost.environmentVariable = () => undefined;

/**
 * The device's memory as the browser reports it (navigator.deviceMemory, GiB, rounded and capped
 * by the browser), or 4 GiB where it does not say: the most the engine's WebAssembly memory holds.
 */
export const totalMemoryBytes: typeof NodeHost.totalMemoryBytes = () => {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return typeof gib === "number" && gib > 0 ? gib * GIB : 4 * GIB;
};
