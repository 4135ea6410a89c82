// What `atradiff diffuser sample` reports and writes about trajectories from a trained generator, started at states drawn from a
// dataset; statistics, optional simulator fidelity (fidelity/), optional output file (JSON or HDF5
// in the D4RL layout, one episode per trajectory) and optional picture (generated states next to
// the real continuation).

import type { Dataset } from "../../data/dataset.js";
import { makeDataset } from "../../data/dataset.js";
import { writeDatasetFile } from "../../data/hdf5/d4rlWriter.js";
import type { Rng } from "../../engine/rng.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { datasetEnvId, makeFidelityEnv } from "../fidelity/fidelityEnv.js";
import { fidelityScales } from "../fidelity/fidelityScales.js";
import { type FidelityResult, measureSimulatorFidelity } from "../fidelity/simulatorFidelity.js";
import { trajectoriesToBatch } from "../fidelity/transitionBatches.js";
import type { Trajectory } from "../windows/trajectory.js";

/**
 * An estimate of the memory n trajectories of up to kMax steps take: each step's state, action,
 * next state, reward and flags in 4-byte floats, the start state and its row, plus a few hundred
 * bytes of objects per trajectory. Checked against the memory budget before sampling.
 */
export function trajectoryBytes(n: number, kMax: number, obsDim: number, actDim: number): number {
  return n * (4 * (kMax * (2 * obsDim + actDim + 3) + obsDim) + 8 + 256);
}

/** n dataset rows drawn uniformly with replacement; their observations are the start states. */
export function drawStartRows(dataset: Dataset, n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => rng.int(dataset.size));
}

export function startStatesOf(dataset: Dataset, rows: readonly number[]): Float32Array {
  const o = dataset.obsDim;
  const out = new Float32Array(rows.length * o);
  rows.forEach((r, i) => out.set(dataset.observations.subarray(r * o, (r + 1) * o), i * o));
  return out;
}

export interface SampleStatistics {
  count: number;
  meanLength: number;
  /** Trajectory length -> how many. */
  lengths: Record<number, number>;
  /** Diffuser window length -> how many trajectories it generated. */
  windowLengths: Record<number, number>;
  terminalFraction: number;
  meanReward: number;
  meanEstimatedLength: number;
  /** Steps generated (before the plausibility gate) and kept (after it). */
  generatedSteps: number;
  keptSteps: number;
  /** keptSteps / generatedSteps. */
  keptShare: number;
  /** Share of the generated steps whose action was outside the action space and clipped. */
  clippedActionShare: number;
}

export function sampleStatistics(ts: readonly Trajectory[]): SampleStatistics {
  const lengths: Record<number, number> = {};
  const windowLengths: Record<number, number> = {};
  let steps = 0;
  let terminals = 0;
  let reward = 0;
  let estimate = 0;
  let generated = 0;
  let clipped = 0;
  for (const t of ts) {
    generated += t.generatedSteps;
    clipped += t.clippedActionSteps;
    lengths[t.size] = (lengths[t.size] ?? 0) + 1;
    windowLengths[t.windowLength] = (windowLengths[t.windowLength] ?? 0) + 1;
    steps += t.size;
    if (t.size > 0 && t.terminal[t.size - 1] === 1) terminals++;
    for (let j = 0; j < t.size; j++) reward += t.reward[j];
    estimate += t.estimatedLength;
  }
  return {
    count: ts.length,
    meanLength: steps / ts.length,
    lengths,
    windowLengths,
    terminalFraction: terminals / ts.length,
    meanReward: steps > 0 ? reward / steps : Number.NaN,
    meanEstimatedLength: estimate / ts.length,
    generatedSteps: generated,
    keptSteps: steps,
    keptShare: generated > 0 ? steps / generated : Number.NaN,
    clippedActionShare: generated > 0 ? clipped / generated : Number.NaN,
  };
}

export function describeGeneration(s: SampleStatistics, gated: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const gate = gated
    ? `the plausibility gate kept ${s.keptSteps} of ${s.generatedSteps} generated steps (${pct(s.keptShare)})`
    : "no plausibility gate";
  return `actions      ${pct(s.clippedActionShare)} of the generated steps had an action outside the action space (clipped); ${gate}`;
}

function rows(values: Float32Array, n: number, width: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));
}

/** Writes the trajectories as .json or as an .hdf5 dataset (episodes end in a terminal or a time-out). */
export async function writeTrajectories(
  path: string,
  ts: readonly Trajectory[],
  startRows: readonly number[],
  force: boolean,
): Promise<void> {
  if (path.endsWith(".json")) {
    const json = ts.map((t, i) => ({
      startRow: startRows[i],
      windowLength: t.windowLength,
      estimatedLength: t.estimatedLength,
      observations: rows(t.obs, t.size, t.obsDim),
      actions: rows(t.action, t.size, t.actDim),
      rewards: Array.from(t.reward),
      nextObservations: rows(t.nextObs, t.size, t.obsDim),
      terminals: Array.from(t.terminal),
    }));
    writeFileAtomic(path, `${JSON.stringify({ trajectories: json })}\n`);
    return;
  }
  const size = ts.reduce((n, t) => n + t.size, 0);
  const { obsDim, actDim } = ts[0];
  const cols = {
    observations: new Float32Array(size * obsDim),
    nextObservations: new Float32Array(size * obsDim),
    actions: new Float32Array(size * actDim),
    rewards: new Float32Array(size),
    terminals: new Uint8Array(size),
    timeouts: new Uint8Array(size),
  };
  let row = 0;
  for (const t of ts) {
    if (t.size === 0) continue; // emptied by the plausibility gate: no episode
    cols.observations.set(t.obs, row * obsDim);
    cols.nextObservations.set(t.nextObs, row * obsDim);
    cols.actions.set(t.action, row * actDim);
    cols.rewards.set(t.reward, row);
    row += t.size;
    if (t.terminal[t.size - 1] === 1) cols.terminals[row - 1] = 1;
    else cols.timeouts[row - 1] = 1;
  }
  const dataset = makeDataset({ obsDim, actDim, ...cols, metadata: { source: "atradiff diffuser sample" } });
  await writeDatasetFile(path, dataset, { force });
}

/** The generated transitions replayed in the dataset's env (errors normalized by the dataset's std). */
export async function sampleFidelity(
  ts: readonly Trajectory[],
  dataset: Dataset,
  envOverride: string | undefined,
): Promise<FidelityResult> {
  const env = await makeFidelityEnv(datasetEnvId(dataset, envOverride), dataset.obsDim);
  try {
    const batch = trajectoriesToBatch(ts, dataset.obsDim, dataset.actDim);
    return measureSimulatorFidelity(env, batch, fidelityScales(dataset));
  } finally {
    env.close();
  }
}

/** The fidelity of the trajectories as delivered, and of all generated steps when a gate cut some. */
export function describeFidelity(f: FidelityResult, beforeGate?: FidelityResult): string {
  const pct = (n: number) => `${((100 * n) / f.count).toFixed(0)}%`;
  const exact =
    f.clippedStarts > 0
      ? ` (${f.stateNmseExactStarts.toFixed(3)} and ${f.rewardNmseExactStarts.toFixed(3)} without the ${pct(f.clippedStarts)} of starts at a clipped velocity)`
      : "";
  const lines = [
    `fidelity     next-state NMSE ${f.stateNmse.toFixed(3)}, reward NMSE ${f.rewardNmse.toFixed(3)}${exact}`,
    `             over ${f.count} transitions replayed in the simulator (0 = physical, 1 = as far off as`,
    "             the dataset's mean)",
  ];
  if (beforeGate)
    lines.push(
      `             before the plausibility gate: next-state NMSE ${beforeGate.stateNmse.toFixed(3)}, reward NMSE ${beforeGate.rewardNmse.toFixed(3)} over ${beforeGate.count} transitions`,
    );
  return lines.join("\n");
}
