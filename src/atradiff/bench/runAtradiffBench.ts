// Prints `atradiff bench diffusion`: what was measured, how, and the numbers (or one JSON object).
import { ProgressBoard, type ProgressTask } from "../../cli/progress.js";
import type { FidelityResult } from "../fidelity/simulatorFidelity.js";
import {
  type AtradiffBenchOptions,
  type AtradiffBenchResult,
  measureAtradiffBench,
} from "./atradiffBench.js";

function fidelityLine(name: string, f: FidelityResult): string {
  const exact =
    f.clippedStarts > 0
      ? ` (${f.stateNmseExactStarts.toExponential(2)} without the ${f.clippedStarts} clipped-velocity starts)`
      : "";
  return `  ${name.padEnd(16)} ${String(f.count).padStart(6)} transitions  next state ${f.stateNmse.toExponential(2)}${exact}  reward ${f.rewardNmse.toExponential(2)}`;
}

export function formatAtradiffBench(r: AtradiffBenchResult): string {
  const c = r.config;
  const ks = Object.keys(r.trajectoriesPerSec).map(Number);
  return [
    `dataset ${r.dataset} (${r.env}): ${r.trainEpisodes} training episodes, ${r.heldOutEpisodes} held out (the last ${Math.round(100 * c.heldOut)}%)`,
    `generator: lengths ${c.lengths.join(",")}, denoiser dim_t ${c.dimT}, width ${c.width}, ${c.depth} blocks; ${c.steps} steps per diffuser; estimator ${c.estimatorSteps} steps; ${r.threads} thread(s)`,
    `training: ${r.trainStepsPerSec.toFixed(1)} diffuser steps/s (batch min(256, windows))`,
    `generation (${c.samples} held-out start states per timing, trajectories/s):`,
    `  ${"k".padEnd(4)} ${c.samplerSteps.map((s) => `${s} steps`.padStart(11)).join("")}`,
    ...ks.map(
      (k) =>
        `  ${String(k).padEnd(4)} ${c.samplerSteps.map((s) => r.trajectoriesPerSec[k][s].toFixed(1).padStart(11)).join("")}`,
    ),
    `length estimator on ${r.estimator.count} held-out states: MAE ${r.estimator.meanAbsoluteError.toFixed(2)} steps, preset k right ${(100 * r.estimator.presetAccuracy).toFixed(1)}%, too short ${(100 * r.estimator.presetTooShort).toFixed(1)}%`,
    `pruner on ${r.pruner.windows} held-out real windows of k=${r.pruner.windowLength} (no terminal): cut error ${r.pruner.meanAbsoluteError.toFixed(2)} steps, exact ${(100 * r.pruner.exact).toFixed(1)}%`,
    `simulator fidelity (setStateFromObservation, step, normalized MSE by the dataset std; ${r.fidelitySamplerSteps} sampler steps):`,
    fidelityLine("ATraDiff windows", r.fidelity.atradiff),
    fidelityLine("SynthER", r.fidelity.synther),
    fidelityLine("real held-out", r.fidelity.real),
    `total ${r.seconds.toFixed(0)} s`,
  ].join("\n");
}

export async function runAtradiffBench(opts: AtradiffBenchOptions & { json: boolean }): Promise<void> {
  const board = new ProgressBoard({ unit: "steps" });
  let task: ProgressTask | null = null;
  let current = "";
  const r = await measureAtradiffBench({
    ...opts,
    onStage: (stage, done, total) => {
      if (stage !== current) {
        task?.finish();
        current = stage;
        task = board.add(stage, total, done);
      }
      task?.update(done);
    },
  });
  (task as ProgressTask | null)?.finish();
  board.stop();
  process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `${formatAtradiffBench(r)}\n`);
}
