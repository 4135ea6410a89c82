// The ATraDiff generator (§4.1) as the trajectory source of a run whose replay buffer holds
// preprocessed data (preprocessing.ts): start states from the buffer are mapped back to the env's
// observations, the generator works in the env's units (the units of the data it was trained on),
// and its trajectories are mapped to the buffer's units (normalized observations, transformed
// rewards). With identity preprocessing the trajectories pass unchanged. Also the module the
// generator's worker thread builds its source from (WorkerSourceSpec kind "module").

import { generatorSource, type TrajectorySource } from "../../atradiff/augmented/trajectorySource.js";
import { loadGenerator } from "../../atradiff/generator/generatorCheckpoint.js";
import type { Batch } from "../../data/batch.js";

/** How the buffer's units relate to the env's: obs_buffer = (obs - mean) / scale, r_buffer = r * scale + shift. */
export interface BufferUnits {
  observation: { mean: number[]; scale: number[] } | null;
  reward: { scale: number; shift: number };
}

export interface RunGeneratorSourceOptions {
  dir: string;
  task: number;
  /** Sampler steps (null: the generator's own). */
  steps: number | null;
  units: BufferUnits;
}

/** Identity preprocessing: the buffer holds the env's own observations and rewards. */
export function isIdentity(units: BufferUnits): boolean {
  return units.observation === null && units.reward.scale === 1 && units.reward.shift === 0;
}

/** Generated transitions (env units) in the buffer's units. */
export function batchInBufferUnits(t: Batch, units: BufferUnits): Batch {
  const { observation: o, reward } = units;
  const n = t.size;
  const toBuffer = (rows: Float32Array): Float32Array =>
    o ? rows.map((v, i) => (v - o.mean[i % o.mean.length]) / o.scale[i % o.mean.length]) : rows;
  return {
    ...t,
    obs: toBuffer(t.obs.subarray(0, n * t.obsDim)),
    nextObs: toBuffer(t.nextObs.subarray(0, n * t.obsDim)),
    reward: t.reward.subarray(0, n).map((r) => r * reward.scale + reward.shift),
  };
}

/** A source in env units as a source in the buffer's units (start states mapped back first). */
export function inBufferUnits(source: TrajectorySource, units: BufferUnits): TrajectorySource {
  const o = units.observation;
  if (isIdentity(units)) return source;
  const toEnv = (rows: Float32Array): Float32Array =>
    o ? rows.map((v, i) => v * o.scale[i % o.mean.length] + o.mean[i % o.mean.length]) : rows;
  return {
    obsDim: source.obsDim,
    actDim: source.actDim,
    generate: (startStates, rng) =>
      source.generate(toEnv(startStates), rng).map((t) => batchInBufferUnits(t, units)),
    dispose: () => source.dispose?.(),
  };
}

/** Loads the generator saved in o.dir (the worker thread calls this). */
export function makeRunGeneratorSource(o: RunGeneratorSourceOptions): TrajectorySource {
  const source = generatorSource(loadGenerator(o.dir), { task: o.task, steps: o.steps ?? undefined });
  return inBufferUnits(source, o.units);
}
