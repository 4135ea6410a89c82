// Prints `atradiff bench diffusion`: what was measured, how, and the numbers (or one JSON object),
// and writes the JSON to --out (atomically; an existing file only with --force).
import { existsSync } from "node:fs";
import type { FidelityResult } from "../../atradiff/fidelity/simulatorFidelity.js";
import { describeCalibration } from "../../atradiff/training/generatorRecalibration.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { ProgressBoard } from "../../util/progress.js";
import {
  type AtradiffBenchOptions,
  type AtradiffBenchResult,
  measureAtradiffBench,
} from "./atradiffBench.js";
import type { GeneratedFidelity } from "./benchFidelity.js";
import {
  type ArchitectureBenchConfig,
  type ArchitectureBenchResult,
  BENCHED_MODELS,
  type BenchedModel,
  formatArchitectureBench,
  measureArchitectureBench,
} from "./denoiserArchitectureBench.js";
import type { SingleDiffuserBench } from "./singleDiffuserBench.js";

function fidelityLine(name: string, f: FidelityResult & { meanLength?: number }): string {
  const exact =
    f.clippedStarts > 0
      ? ` (${f.stateNmseExactStarts.toExponential(2)} without the ${f.clippedStarts} clipped-velocity starts)`
      : "";
  const length = f.meanLength !== undefined ? `, mean length ${f.meanLength.toFixed(1)}` : "";
  return `  ${name.padEnd(24)} ${String(f.count).padStart(6)} transitions${length}  next state ${f.stateNmse.toExponential(2)}${exact}  reward ${f.rewardNmse.toExponential(2)}`;
}

/** The generated steps as delivered, then (with a gate) every generated step and the share kept. */
function generatedLines(name: string, f: GeneratedFidelity): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    fidelityLine(name, f),
    `    actions outside [-1, 1] (clipped) in ${pct(f.clippedActionShare)} of the generated steps`,
  ];
  if (f.beforeGate)
    lines.push(
      `    the plausibility gate kept ${pct(f.keptShare)} of the generated steps; all of them:`,
      fidelityLine("  before the gate", f.beforeGate),
    );
  return lines;
}

const fixed = (v: number, digits = 1) => v.toFixed(digits);

/** The single-diffuser generator next to the set (singleDiffuserBench.ts). */
function singleBlock(r: AtradiffBenchResult): string[] {
  const single = r.single!;
  const c = r.config;
  const k = single.windowLength;
  const d = single.denoiser;
  const cost = (name: string, t: SingleDiffuserBench["trainingCost"]["set"]) =>
    `${name} ${t.models} model(s), ${t.totalSteps} steps, ~${fixed(t.estimatedSeconds, 0)} s`;
  const perSteps = (v: Record<number, number>) =>
    c.samplerSteps.map((s) => fixed(v[s]).padStart(11)).join("");
  const p = single.pruner;
  return [
    `single diffuser (one length-conditioned k=${k} diffuser for every start, ${single.trainedNow ? "trained now" : "loaded"}; input->dim_t/width ${d.inputWidth}->${d.dimT}/${d.width}):`,
    `  training steps/s ${fixed(single.trainingStepsPerSec, 2)} (set: k=${k} ${fixed(r.trainingStepsPerSec.perWindowLength[k] ?? Number.NaN, 2)}); total training: ${cost("single", single.trainingCost.single)}; ${cost("set", single.trainingCost.set)}`,
    `  ${"trajectories/s".padEnd(32)} ${c.samplerSteps.map((s) => `${s} steps`.padStart(11)).join("")}`,
    `  ${`single k=${k} alone`.padEnd(32)} ${perSteps(single.trajectoriesPerSec)}`,
    `  ${`set k=${k} alone`.padEnd(32)} ${perSteps(r.trajectoriesPerSec[k] ?? {})}`,
    `  ${"single generate()".padEnd(32)} ${perSteps(single.generateTrajectoriesPerSec.single)}`,
    `  ${"set generate()".padEnd(32)} ${perSteps(single.generateTrajectoriesPerSec.set)}`,
    `  length estimator: the same as the set's (same seeds and split; ${single.estimatorSameAsSet ? "identical" : "NOT identical"} on held-out, MAE ${fixed(single.estimator.meanAbsoluteError, 2)}); its estimate is the diffuser's remaining-length condition`,
    `  pruner: ${describeCalibration(k, single.prunerCalibration, single.prunerThreshold)}`,
    `  pruner on held-out real windows from every start: ${p.windows} windows (${fixed(100 * p.paddedShare)}% padded), cut error ${fixed(p.meanAbsoluteError, 2)} steps, exact ${fixed(100 * p.exact)}%`,
    ...c.samplerSteps.flatMap((s) => [
      fidelityLine(`single, ${s} steps`, single.fidelity[s]),
      fidelityLine(`set, ${s} steps`, r.fidelity.atradiff[s]),
    ]),
  ];
}

export function formatAtradiffBench(r: AtradiffBenchResult): string {
  const c = r.config;
  const ks = Object.keys(r.trajectoriesPerSec).map(Number);
  const f = r.fidelity;
  const sizes = Object.entries(r.denoisers)
    .map(([name, d]) => `${name} ${d.inputWidth}->${d.dimT}/${d.width}`)
    .join(", ");
  return [
    `dataset ${r.dataset} (${r.env}): ${r.trainEpisodes} training episodes (${r.trainTransitions} transitions), ${r.heldOutEpisodes} held out (the last ${Math.round(100 * c.heldOut)}%, ${r.heldOutTransitions} transitions)`,
    `scale: ${c.steps} training steps per diffuser and for SynthER, batch ${c.batch}, denoiser depth ${c.depth}, input->dim_t/width: ${sizes}; estimator ${c.estimatorSteps} steps; plausibility gate ${c.gateSteps > 0 ? `${c.gateSteps} steps` : "off"}; ${r.threads} thread(s); load average ${r.loadAverage.start.map((v) => fixed(v)).join("/")} at the start, ${r.loadAverage.end.map((v) => fixed(v)).join("/")} at the end`,
    `models: ${r.trainedNow.generator ? "generator trained now" : "generator loaded"}, ${r.trainedNow.synther ? "SynthER trained now" : "SynthER loaded"}`,
    `training steps/s (${c.timedSteps} timed steps after 2 warm-up): ${ks.map((k) => `k=${k} ${fixed(r.trainingStepsPerSec.perWindowLength[k] ?? Number.NaN, 2)}`).join(", ")}, SynthER ${fixed(r.trainingStepsPerSec.synther, 2)}`,
    `generation (${c.samples} held-out start states per timing, trajectories/s):`,
    `  ${"k".padEnd(4)} ${c.samplerSteps.map((s) => `${s} steps`.padStart(11)).join("")}`,
    ...ks.map(
      (k) =>
        `  ${String(k).padEnd(4)} ${c.samplerSteps.map((s) => fixed(r.trajectoriesPerSec[k][s]).padStart(11)).join("")}`,
    ),
    `length estimator on ${r.estimator.count} held-out states: MAE ${fixed(r.estimator.meanAbsoluteError, 2)} steps, preset k right ${fixed(100 * r.estimator.presetAccuracy)}%, too short ${fixed(100 * r.estimator.presetTooShort)}%`,
    "pruner thresholds (calibrated on the training split):",
    ...Object.entries(r.prunerCalibration).map(
      ([k, cal]) => `  ${describeCalibration(Number(k), cal, r.prunerThresholds[Number(k)])}`,
    ),
    "pruner on held-out real windows from the starts each diffuser is given (no terminal step):",
    ...r.pruner.map(
      (p) =>
        `  k=${p.windowLength}: ${p.windows} windows (${fixed(100 * p.paddedShare)}% padded), cut error ${fixed(p.meanAbsoluteError, 2)} steps, exact ${fixed(100 * p.exact)}%`,
    ),
    `simulator fidelity (setStateFromObservation, step; normalized MSE by the dataset std; ${c.fidelityStarts} held-out start states):`,
    ...c.samplerSteps.flatMap((s) => [
      ...generatedLines(`ATraDiff, ${s} steps`, f.atradiff[s]),
      fidelityLine(`SynthER, ${s} steps`, f.synther[s]),
    ]),
    ...Object.entries(f.perWindowLength).flatMap(([k, v]) => [
      ...generatedLines(`k=${k} alone, ${f.perWindowLengthSteps} steps`, v),
      `    next state by position in the window: ${v.byPosition.stateNmse.map((e) => e.toExponential(1)).join(" ")}`,
    ]),
    fidelityLine("real held-out", f.real),
    ...(r.single ? singleBlock(r) : []),
    `total ${r.seconds.toFixed(0)} s`,
  ].join("\n");
}

export async function runAtradiffBench(
  opts: AtradiffBenchOptions & { json: boolean; out?: string; force?: boolean },
): Promise<void> {
  if (opts.out && existsSync(opts.out) && !opts.force)
    throw new Error(`${opts.out} exists; pass --force to replace it, or choose another --out.`);
  const board = new ProgressBoard({ unit: "steps" });
  let r: AtradiffBenchResult;
  try {
    r = await measureAtradiffBench({ ...opts, progress: board });
  } finally {
    board.stop();
  }
  const json = `${JSON.stringify(r, null, 2)}\n`;
  if (opts.out) writeFileAtomic(opts.out, json);
  process.stdout.write(opts.json ? json : `${formatAtradiffBench(r)}\n`);
}

/** `bench diffusion --architectures a,b,...` (denoiserArchitectureBench.ts). */
export async function runArchitectureBench(o: {
  json: boolean;
  dataset?: string;
  architectures: string;
  config: Omit<ArchitectureBenchConfig, "architectures">;
  fidelityStarts: number;
  workDir?: string;
  retrain: boolean;
  out?: string;
  force: boolean;
}): Promise<void> {
  const architectures = o.architectures.split(",").map((a) => a.trim());
  for (const a of architectures)
    if (!(BENCHED_MODELS as readonly string[]).includes(a))
      throw new Error(`--architectures: "${a}" is not one of ${BENCHED_MODELS.join(", ")}.`);
  if (o.out && existsSync(o.out) && !o.force)
    throw new Error(`${o.out} exists; pass --force to replace it, or choose another --out.`);
  const board = new ProgressBoard({ unit: "steps" });
  let r: ArchitectureBenchResult;
  try {
    r = await measureArchitectureBench({
      dataset: o.dataset,
      config: { ...o.config, architectures: architectures as BenchedModel[] },
      fidelityStarts: o.fidelityStarts,
      heldOut: 0.1,
      workDir: o.workDir,
      retrain: o.retrain,
      progress: board,
    });
  } finally {
    board.stop();
  }
  const json = `${JSON.stringify(r, null, 2)}\n`;
  if (o.out) writeFileAtomic(o.out, json);
  process.stdout.write(o.json ? json : `${formatArchitectureBench(r)}\n`);
}
