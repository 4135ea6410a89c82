// Saving and loading modules (and any named tensors) as safetensors checkpoints, atomically.
// Loading checks every expected tensor: a missing one or a shape mismatch fails with one sentence
// naming the tensor and both shapes, and a NaN or infinity in a loaded tensor with one naming the
// tensor and the value (a model that loaded one would compute NaN everywhere without saying why).
import type { Tensor } from "../engine/tensor.js";
import type { Module } from "./module.js";
import { type NamedArray, readSafetensors, writeSafetensors } from "./safetensors.js";

/** Index of the first NaN or infinity, or -1. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

export function saveTensors(
  path: string,
  tensors: Map<string, Tensor>,
  metadata: Record<string, string> = {},
): void {
  const named = new Map<string, NamedArray>();
  for (const [name, t] of tensors) named.set(name, { shape: t.shape.slice(), data: t.toArray() });
  writeSafetensors(path, named, metadata);
}

/** Fills the given tensors from a file; returns the file's metadata. */
export function loadTensors(
  path: string,
  into: Map<string, Tensor>,
  opts: { allowExtra?: boolean } = {},
): Record<string, string> {
  const { tensors, metadata } = readSafetensors(path);
  for (const [name, t] of into) {
    const src = tensors.get(name);
    if (!src)
      throw new Error(
        `The checkpoint ${path} has no tensor "${name}" (expected shape [${t.shape.join(", ")}]).`,
      );
    const same = src.shape.length === t.shape.length && src.shape.every((d, i) => d === t.shape[i]);
    if (!same)
      throw new Error(
        `The checkpoint ${path} holds tensor "${name}" with shape [${src.shape.join(", ")}], but the model expects [${t.shape.join(", ")}].`,
      );
  }
  for (const name of into.keys()) {
    const values = tensors.get(name)!.data;
    const bad = firstNonFinite(values);
    if (bad >= 0)
      throw new Error(
        `The checkpoint ${path} holds ${values[bad]} in tensor "${name}" (at index ${bad}); expected finite weights.`,
      );
  }
  if (!opts.allowExtra)
    for (const name of tensors.keys())
      if (!into.has(name))
        throw new Error(`The checkpoint ${path} has a tensor "${name}" that the model does not have.`);
  // Only write once everything has been checked, so a failed load leaves the model unchanged.
  for (const [name, t] of into) t.data.set(tensors.get(name)!.data);
  return metadata;
}

export function saveModule(path: string, module: Module, metadata: Record<string, string> = {}): void {
  saveTensors(path, module.stateDict(), metadata);
}

export function loadModule(path: string, module: Module): Record<string, string> {
  return loadTensors(path, module.stateDict());
}
