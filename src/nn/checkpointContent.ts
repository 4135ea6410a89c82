// Checkpoints in memory: named tensors as safetensors content (safetensors.ts) and back, for Node
// and browsers alike (checkpoint.ts reads and writes them as files). Filling tensors from a
// checkpoint checks every expected tensor: a missing one or a shape mismatch fails with one
// sentence naming the tensor and both shapes, and a NaN or infinity with one naming the tensor and
// the value (a model that loaded one would compute NaN everywhere without saying why).
import type { Tensor } from "../engine/tensor.js";
import type { Module } from "./module.js";
import type { NamedArray, SafetensorsContent } from "./safetensors.js";

/** Index of the first NaN or infinity, or -1. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** The tensors' current values (copies) with the metadata. */
export function tensorsContent(
  tensors: Map<string, Tensor>,
  metadata: Record<string, string> = {},
): SafetensorsContent {
  const named = new Map<string, NamedArray>();
  for (const [name, t] of tensors) named.set(name, { shape: t.shape.slice(), data: t.toArray() });
  return { tensors: named, metadata };
}

/**
 * Fills the given tensors from a checkpoint (`source` names it in errors); returns its metadata.
 * Nothing is written unless every tensor checks out.
 */
export function fillTensors(
  content: SafetensorsContent,
  into: Map<string, Tensor>,
  source: string,
  opts: { allowExtra?: boolean } = {},
): Record<string, string> {
  const { tensors, metadata } = content;
  for (const [name, t] of into) {
    const src = tensors.get(name);
    if (!src)
      throw new Error(
        `The checkpoint ${source} has no tensor "${name}" (expected shape [${t.shape.join(", ")}]).`,
      );
    const same = src.shape.length === t.shape.length && src.shape.every((d, i) => d === t.shape[i]);
    if (!same)
      throw new Error(
        `The checkpoint ${source} holds tensor "${name}" with shape [${src.shape.join(", ")}], but the model expects [${t.shape.join(", ")}].`,
      );
  }
  for (const name of into.keys()) {
    const values = tensors.get(name)!.data;
    const bad = firstNonFinite(values);
    if (bad >= 0)
      throw new Error(
        `The checkpoint ${source} holds ${values[bad]} in tensor "${name}" (at index ${bad}); expected finite weights.`,
      );
  }
  if (!opts.allowExtra)
    for (const name of tensors.keys())
      if (!into.has(name))
        throw new Error(`The checkpoint ${source} has a tensor "${name}" that the model does not have.`);
  // Only write once everything has been checked, so a failed load leaves the model unchanged.
  for (const [name, t] of into) t.data.set(tensors.get(name)!.data);
  return metadata;
}

export function moduleContent(module: Module, metadata: Record<string, string> = {}): SafetensorsContent {
  return tensorsContent(module.stateDict(), metadata);
}

export function fillModule(
  content: SafetensorsContent,
  module: Module,
  source: string,
): Record<string, string> {
  return fillTensors(content, module.stateDict(), source);
}
