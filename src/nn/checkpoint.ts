// Saving and loading modules (and any named tensors) as safetensors checkpoint files, atomically;
// the checks are checkpointContent.ts's.
import type { Tensor } from "../engine/tensor.js";
import { fillTensors, tensorsContent } from "./checkpointContent.js";
import type { Module } from "./module.js";
import type { SafetensorsContent } from "./safetensors.js";
import { readSafetensors, writeSafetensors } from "./safetensorsFile.js";

export function saveTensors(
  path: string,
  tensors: Map<string, Tensor>,
  metadata: Record<string, string> = {},
): void {
  saveCheckpoint(path, tensorsContent(tensors, metadata));
}

/** Fills the given tensors from a file; returns the file's metadata. */
export function loadTensors(
  path: string,
  into: Map<string, Tensor>,
  opts: { allowExtra?: boolean } = {},
): Record<string, string> {
  return fillTensors(readSafetensors(path), into, path, opts);
}

export function saveModule(path: string, module: Module, metadata: Record<string, string> = {}): void {
  saveTensors(path, module.stateDict(), metadata);
}

export function loadModule(path: string, module: Module): Record<string, string> {
  return loadTensors(path, module.stateDict());
}

/** Writes a checkpoint made in memory (a model's toCheckpoint()) as a file, atomically. */
export function saveCheckpoint(path: string, content: SafetensorsContent): void {
  writeSafetensors(path, content.tensors, content.metadata);
}

/** A model made by `fromCheckpoint` (e.g. LengthEstimator.fromCheckpoint) from a checkpoint file. */
export function loadCheckpoint<T>(
  path: string,
  fromCheckpoint: (content: SafetensorsContent, source: string) => T,
): T {
  return fromCheckpoint(readSafetensors(path), path);
}
