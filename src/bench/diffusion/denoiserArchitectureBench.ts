// The denoiser-architecture part of `atradiff bench diffusion --architectures ...`: for each
// architecture and each window length k, one window diffuser trained on the bench's training split,
// its windows generated from held-out start states and replayed in the simulator (fidelity/), at
// several points of its training, against the CPU-seconds the training took so far. A window counts
// whole (cut only at its terminal step, never by the pruner): the question is whether the denoiser
// models the dynamics, not what the pruner keeps. Beside them SynthER on the same harness (its
// transitions replayed the same way), trained once with the flat denoiser's sizes and SynthER's
// published blocks (no LayerNorm).
//
// Architectures (settings of diffusion.denoiser):
//   flat-ln      SynthER's residual MLP with a LayerNorm in each block (this project's blocks, the
//                default), fitted to the window (windowDenoiser.ts): the paper's A.2 setting
//   flat         the same without the blocks' LayerNorm (SynthER's published blocks)
//   conv         the temporal denoiser with convolution blocks (temporalDenoiser.ts)
//   conv-delta   conv on windows whose states s_2 .. s_{k+1} are stored as changes s_{j+1} - s_j
//                (generator.stateEncoding "delta", stateDeltas.ts), decoded before the replay
//   mixer        the temporal denoiser with MLP-Mixer blocks
//   conv-single  one length-conditioned conv diffuser for the largest k, sampled at every k (its
//                remaining-length condition set to k, the first k steps kept): the single-diffuser
//                mode for every k <= the largest
// SynthER is measured when "synther" is listed. With oneStepModelSteps > 0, one-step models (the
// plausibility gate's ensemble) are trained once on the training split, and every window is also
// measured with its next states and rewards re-drawn by them from its start state and its actions
// (generator setting nextStates "modelRollout") and from each diffused state ("modelStep";
// oneStepModelStates.ts), beside the diffused one.
// Each (architecture, k) result is kept in
// <work-dir>/architectures/ and reused when the bench is run again with the same settings, so an
// interrupted run continues with the next model.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir, loadavg } from "node:os";
import { basename, join } from "node:path";
import { cpuUsage } from "node:process";
import { datasetEnvId, makeFidelityEnv } from "../../atradiff/fidelity/fidelityEnv.js";
import type { FidelityScales } from "../../atradiff/fidelity/fidelityScales.js";
import { fidelityScales } from "../../atradiff/fidelity/fidelityScales.js";
import { fidelityByPosition } from "../../atradiff/fidelity/positionFidelity.js";
import { measureSimulatorFidelity } from "../../atradiff/fidelity/simulatorFidelity.js";
import { episodesToBatch, trajectoriesToBatch } from "../../atradiff/fidelity/transitionBatches.js";
import { clipActions } from "../../atradiff/generator/actionClip.js";
import { type ModelRedraw, redrawWithOneStepModel } from "../../atradiff/generator/oneStepModelStates.js";
import type { PlausibilityGate } from "../../atradiff/generator/plausibilityGate.js";
import { TaskPrompt } from "../../atradiff/generator/taskPrompt.js";
import { type StartStateMode, WindowDiffuser } from "../../atradiff/generator/windowDiffuser.js";
import { PlausibilityGateTraining } from "../../atradiff/training/trainPlausibilityGate.js";
import { trainOnWindowBatches, windowBatchesFor } from "../../atradiff/training/trainWindowDiffuser.js";
import { fitStateDeltaNormalizer } from "../../atradiff/windows/stateDeltas.js";
import { fitStepNormalizer } from "../../atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import { trainingEpisodesFromDataset } from "../../atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../atradiff/windows/trainingWindows.js";
import {
  firstSteps,
  type Trajectory,
  terminalLength,
  windowToTrajectory,
} from "../../atradiff/windows/trajectory.js";
import type { WindowLayout } from "../../atradiff/windows/windowLayout.js";
import { trainSynther } from "../../baselines/synther/trainSynther.js";
import { batchAsTransitions } from "../../baselines/synther/transitionRows.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import type { DenoiserSettingsInput, DiffusionSettingsInput } from "../../diffusion/diffusionSettings.js";
import { Rng } from "../../engine/rng.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import { plausibilityGateSettingsSchema } from "../../settings/generator.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import type { ProgressBoard } from "../../util/progress.js";
import { benchStreams } from "../../util/randomStreams.js";
import { median } from "../median.js";
import { benchDatasetFile, heldOutStarts, split } from "./atradiffBench.js";

export const DENOISER_ARCHITECTURES = [
  "flat-ln",
  "flat",
  "conv",
  "conv-delta",
  "mixer",
  "conv-single",
] as const;
export type DenoiserArchitecture = (typeof DENOISER_ARCHITECTURES)[number];
/** What --architectures may list: the architectures, and SynthER. */
export const BENCHED_MODELS = ["synther", ...DENOISER_ARCHITECTURES] as const;
export type BenchedModel = (typeof BENCHED_MODELS)[number];

export interface ArchitectureBenchConfig {
  architectures: BenchedModel[];
  lengths: number[];
  /** Training steps per diffuser (and of SynthER). */
  steps: number;
  /** Fidelity is measured after this many steps, and at the end. */
  evalEvery: number;
  batch: number;
  /** The flat residual MLP's sizes (raised to the window by fitDenoiserToWindow) and SynthER's. */
  dimT: number;
  width: number;
  depth: number;
  /** The temporal denoiser's per-step width and blocks. */
  temporalWidth: number;
  temporalDepth: number;
  samplerSteps: number;
  seed: number;
  /** The window diffusers' first state (generator setting startState); absent in older results: "inpainted". */
  startState: StartStateMode;
  /** Training steps of the one-step models that re-draw each window's states (0 or absent: none). */
  oneStepModelSteps?: number;
}

type RedrawnPoint = Omit<ArchitecturePoint, "step" | "cpuSeconds" | "modelRollout" | "modelStep"> & {
  /** Share of the re-drawn steps the gate keeps (cut where the models disagree; absent in older results). */
  keptShare?: number;
  /** The fidelity of the kept steps (by position over the trajectories that keep that position). */
  kept?: Pick<ArchitecturePoint, "stateNmse" | "rewardNmse" | "stateNmseByPosition" | "rewardNmseByPosition">;
};

/** One point of a training run: its fidelity after `step` steps and `cpuSeconds` of training. */
export interface ArchitecturePoint {
  step: number;
  cpuSeconds: number;
  transitions: number;
  stateNmse: number;
  rewardNmse: number;
  /** Share of the transitions whose action was outside the env's bounds (clipped before replay). */
  clippedActionShare: number;
  /** Next-state NMSE per position in the window (position 0 starts at the real state). */
  stateNmseByPosition: number[];
  rewardNmseByPosition: number[];
  /**
   * The same over the windows that run their whole length (no generated terminal step), and their
   * share: later positions are measured only on windows that reach them, position 0 on all.
   */
  fullWindowShare?: number;
  fullWindowStateNmseByPosition?: number[];
  /**
   * The same windows with their next states and rewards re-drawn by the one-step models (when
   * trained): stepped from the start state (generator nextStates "modelRollout"), or from each
   * diffused state ("modelStep").
   */
  modelRollout?: RedrawnPoint;
  modelStep?: RedrawnPoint;
}

export interface ArchitectureRun {
  architecture: DenoiserArchitecture | "synther";
  /** The window length measured (SynthER: 1). */
  k: number;
  parameters: number;
  curve: ArchitecturePoint[];
}

export interface ArchitectureBenchResult {
  dataset: string;
  env: string;
  threads: number;
  /** os.loadavg() (1, 5, 15 min) at the start and the end: other jobs share the cores. */
  loadAverage: { start: number[]; end: number[] };
  trainTransitions: number;
  fidelityStarts: number;
  config: ArchitectureBenchConfig;
  runs: ArchitectureRun[];
  /** Real held-out transitions on the same harness (~0: the replay's floor). */
  real: { stateNmse: number; rewardNmse: number };
  /** The one-step models of the re-drawn windows: their training's CPU-seconds and held-out error. */
  oneStepModel?: {
    steps: number;
    /** The ensemble's size (absent in results of the first, 2 x 200 measurement). */
    members?: number;
    hiddenSizes?: number[];
    cpuSeconds: number;
    heldOutMeanError: number;
  };
}

function denoiserOf(architecture: DenoiserArchitecture, c: ArchitectureBenchConfig): DenoiserSettingsInput {
  const temporal = { width: c.temporalWidth, depth: c.temporalDepth };
  switch (architecture) {
    case "flat-ln":
      return {
        architecture: "residualMlp",
        dimT: c.dimT,
        width: c.width,
        depth: c.depth,
        blockLayerNorm: true,
      };
    case "flat":
      return {
        architecture: "residualMlp",
        dimT: c.dimT,
        width: c.width,
        depth: c.depth,
        blockLayerNorm: false,
      };
    case "conv":
    case "conv-delta":
    case "conv-single":
      return { architecture: "temporal", temporal: { ...temporal, mixing: "conv" } };
    case "mixer":
      return { architecture: "temporal", temporal: { ...temporal, mixing: "mixer" } };
  }
}

/** As the generator does before re-drawing (actionBound 1): the models step with the actions the replay takes. */
function clipToActionSpace(ts: Trajectory[]): void {
  for (const t of ts) clipActions(t, 1);
}

function cpuSeconds(): number {
  const u = cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Fidelity of trajectories, overall and per position. */
function measure(
  env: PlanarLocomotionEnv,
  scales: FidelityScales,
  ts: Trajectory[],
  obsDim: number,
  actDim: number,
  k: number,
): Omit<ArchitecturePoint, "step" | "cpuSeconds"> {
  const all = measureSimulatorFidelity(env, trajectoriesToBatch(ts, obsDim, actDim), scales);
  const byPosition = fidelityByPosition(env, ts, scales);
  const full = ts.filter((t) => t.size === k);
  return {
    fullWindowShare: ts.length > 0 ? full.length / ts.length : 0,
    fullWindowStateNmseByPosition: fidelityByPosition(env, full, scales).stateNmse,
    transitions: all.count,
    stateNmse: all.stateNmse,
    rewardNmse: all.rewardNmse,
    clippedActionShare: all.clippedActions / all.count,
    stateNmseByPosition: byPosition.stateNmse,
    rewardNmseByPosition: byPosition.rewardNmse,
  };
}

interface RunContext {
  train: TrainingData;
  env: PlanarLocomotionEnv;
  scales: FidelityScales;
  starts: Float32Array;
  config: ArchitectureBenchConfig;
  progress?: ProgressBoard;
  /** Re-draws each measured window's states as well, when given. */
  oneStepModel: PlausibilityGate | null;
}

/**
 * Trains one window diffuser on windows of `trainK` steps and measures its windows of each of
 * `ks` steps (its own length, or with a length-conditioned diffuser every length) after every
 * evalEvery steps: one run per measured length, sharing the training's CPU-seconds.
 */
function runWindowDiffuser(
  architecture: DenoiserArchitecture,
  trainK: number,
  ks: readonly number[],
  ctx: RunContext,
): ArchitectureRun[] {
  const { train, config: c } = ctx;
  const single = architecture === "conv-single";
  const delta = architecture === "conv-delta";
  const layout: WindowLayout = { obsDim: train.obsDim, actDim: train.actDim, modelTerminals: true };
  const prompt = new TaskPrompt({ kind: "none" });
  const root = new Rng(benchStreams.architectureTraining(c.seed, trainK));
  const diffusion: DiffusionSettingsInput = {
    denoiser: denoiserOf(architecture, c),
    training: { totalSteps: c.steps, batchSize: c.batch },
    edm: { sampleSteps: c.samplerSteps },
  };
  const diffuser = WindowDiffuser.create(
    {
      layout,
      windowLength: trainK,
      promptDim: 0,
      lengthConditioned: single,
      stateEncoding: delta ? "delta" : "absolute",
    },
    fitStepNormalizer(train),
    diffusion,
    root.split().nextUint32(),
    { startState: c.startState, stateDeltas: delta ? fitStateDeltaNormalizer(train) : undefined },
  );
  try {
    const batches = windowBatchesFor(diffuser, new TrainingWindows(train, trainK, true), root.split());
    const n = ctx.starts.length / layout.obsDim;
    const task = ctx.progress?.add(`${architecture} k=${single ? `${ks.join(",")}` : trainK}`, c.steps, 0);
    const curves = ks.map(() => [] as ArchitecturePoint[]);
    let cpu = 0;
    for (let done = 0; done < c.steps; ) {
      const chunk = Math.min(c.evalEvery, c.steps - done);
      const t0 = cpuSeconds();
      trainOnWindowBatches(diffuser, batches, prompt, { steps: chunk });
      cpu += cpuSeconds() - t0;
      done += chunk;
      task?.update(done);
      ks.forEach((k, i) => {
        curves[i].push({ step: done, cpuSeconds: cpu, ...measureWindows(k) });
      });
    }
    task?.finish();
    const parameters = diffuser.diffusion.model.parameterCount;
    return ks.map((k, i) => ({ architecture, k, parameters, curve: curves[i] }));

    /** Windows generated from the starts (length-conditioned: told k steps remain), cut to k steps. */
    function measureWindows(k: number) {
      const rows = diffuser.sample(ctx.starts, new Float32Array(0), single ? new Array(n).fill(k) : null, n, {
        rng: new Rng(benchStreams.architectureSamples(c.seed)),
        steps: c.samplerSteps,
        inpaintMode: "noised",
      });
      const w = diffuser.diffusion.dataDim;
      const trajectories = () =>
        Array.from({ length: n }, (_, i) => {
          const end = terminalLength(layout, trainK, rows, 0.5, i * w);
          const length = end > 0 ? Math.min(end, k) : k;
          return windowToTrajectory(layout, trainK, rows, length, end > 0 && end <= k, k, i * w);
        });
      const point = measure(ctx.env, ctx.scales, trajectories(), layout.obsDim, layout.actDim, k);
      if (!ctx.oneStepModel) return point;
      const redrawn = (mode: ModelRedraw): RedrawnPoint => {
        const gate = ctx.oneStepModel!;
        const ts = trajectories();
        clipToActionSpace(ts);
        redrawWithOneStepModel(ts, gate, mode);
        const all = measure(ctx.env, ctx.scales, ts, layout.obsDim, layout.actDim, k);
        // What the generator delivers: cut where the models disagree (TrajectoryGenerator.finish).
        const lengths = gate.keptLengths(ts, "disagreement");
        const kept = ts.map((t, i) => firstSteps(t, lengths[i])).filter((t) => t.size > 0);
        const keptSteps = lengths.reduce((a, b) => a + b, 0);
        const generated = ts.reduce((a, t) => a + t.size, 0);
        if (kept.length === 0) return { ...all, keptShare: 0 };
        const m = measure(ctx.env, ctx.scales, kept, layout.obsDim, layout.actDim, k);
        return {
          ...all,
          keptShare: keptSteps / generated,
          kept: {
            stateNmse: m.stateNmse,
            rewardNmse: m.rewardNmse,
            stateNmseByPosition: m.stateNmseByPosition,
            rewardNmseByPosition: m.rewardNmseByPosition,
          },
        };
      };
      return { ...point, modelRollout: redrawn("modelRollout"), modelStep: redrawn("modelStep") };
    }
  } finally {
    diffuser.dispose();
  }
}

/** SynthER with the flat denoiser's sizes, as many transitions as the starts. */
function runSynther(ctx: RunContext): ArchitectureRun {
  const { train, config: c } = ctx;
  const task = ctx.progress?.add("SynthER", c.steps, 0);
  const t0 = cpuSeconds();
  const synther = trainSynther(
    batchAsTransitions(episodesToBatch(train.episodes, train.obsDim, train.actDim)),
    {
      diffusion: {
        denoiser: { dimT: c.dimT, width: c.width, depth: c.depth, blockLayerNorm: false },
        training: { totalSteps: c.steps, batchSize: c.batch },
      },
      largeBatchSize: c.batch,
      seed: c.seed,
    },
    { onProgress: (p) => task?.update(p.step) },
  );
  const cpu = cpuSeconds() - t0;
  task?.finish();
  try {
    const n = ctx.starts.length / train.obsDim;
    const batch = synther.generateTransitions(n, new Rng(benchStreams.architectureTransitions(c.seed)), {
      steps: c.samplerSteps,
    });
    const f = measureSimulatorFidelity(ctx.env, batch, ctx.scales);
    const point: ArchitecturePoint = {
      step: c.steps,
      cpuSeconds: cpu,
      transitions: f.count,
      stateNmse: f.stateNmse,
      rewardNmse: f.rewardNmse,
      clippedActionShare: f.clippedActions / f.count,
      stateNmseByPosition: [f.stateNmse],
      rewardNmseByPosition: [f.rewardNmse],
    };
    return {
      architecture: "synther",
      k: 1,
      parameters: synther.diffusion.model.parameterCount,
      curve: [point],
    };
  } finally {
    synther.dispose();
  }
}

/** Runs kept in the work directory under their settings, or measured now and kept. */
function keptRuns(
  dir: string,
  name: string,
  settings: unknown,
  measureNow: () => ArchitectureRun[],
): ArchitectureRun[] {
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8")) as { settings: unknown; runs: ArchitectureRun[] };
    if (JSON.stringify(kept.settings) === JSON.stringify(settings)) return kept.runs;
  }
  const runs = measureNow();
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, `${JSON.stringify({ settings, runs }, null, 2)}\n`);
  return runs;
}

function measureArchitectures(
  o: RunContext & { heldOut: TrainingData; workDir: string; retrain: boolean },
): Pick<ArchitectureBenchResult, "config" | "runs" | "real"> {
  const c = o.config;
  if (c.evalEvery < 1 || c.evalEvery > c.steps)
    throw new Error(`--eval-every must be between 1 and the ${c.steps} training steps, got ${c.evalEvery}.`);
  const dir = join(o.workDir, "architectures");
  // The one-step models' settings are part of what a kept run measured (its re-drawn points).
  const redrawnBy = o.oneStepModel ? { oneStepModel: o.oneStepModel.settings } : {};
  const settings = (extra: object) => ({
    ...c,
    architectures: undefined,
    lengths: undefined,
    ...redrawnBy,
    ...extra,
  });
  const kept = (name: string, extra: object, f: () => ArchitectureRun[]) =>
    o.retrain ? f() : keptRuns(dir, name, settings(extra), f);
  const runs: ArchitectureRun[] = [];
  for (const architecture of c.architectures) {
    if (architecture === "synther") runs.push(...kept("synther", {}, () => [runSynther(o)]));
    else if (architecture === "conv-single") {
      const kMax = Math.max(...c.lengths);
      runs.push(
        ...kept(`${architecture}-k${kMax}`, { measured: c.lengths }, () =>
          runWindowDiffuser(architecture, kMax, c.lengths, o),
        ),
      );
    } else
      for (const k of c.lengths)
        runs.push(...kept(`${architecture}-k${k}`, {}, () => runWindowDiffuser(architecture, k, [k], o)));
  }
  const real = measureSimulatorFidelity(
    o.env,
    episodesToBatch(o.heldOut.episodes, o.heldOut.obsDim, o.heldOut.actDim),
    o.scales,
  );
  return { config: c, runs, real: { stateNmse: real.stateNmse, rewardNmse: real.rewardNmse } };
}

/** The one-step models that re-draw the windows' states, trained on the training split (the gate's own). */
function trainOneStepModel(
  train: TrainingData,
  c: ArchitectureBenchConfig,
  progress?: ProgressBoard,
): { gate: PlausibilityGate; record: NonNullable<ArchitectureBenchResult["oneStepModel"]> } {
  const steps = c.oneStepModelSteps ?? 0;
  const settings = plausibilityGateSettingsSchema.parse({ steps });
  const task = progress?.add("one-step models", steps, 0);
  const t0 = cpuSeconds();
  const training = new PlausibilityGateTraining(
    train,
    settings,
    new Rng(benchStreams.architectureOneStepModel(c.seed)),
  );
  for (let s = 1; s <= steps; s++) {
    training.step();
    if (s % 100 === 0 || s === steps) task?.update(s);
  }
  const gate = training.calibrate();
  training.dispose();
  task?.finish();
  return {
    gate,
    record: {
      steps,
      members: settings.members,
      hiddenSizes: settings.hiddenSizes,
      cpuSeconds: cpuSeconds() - t0,
      heldOutMeanError: gate.calibration!.heldOutMeanError,
    },
  };
}

/**
 * The architecture comparison on a dataset: the last `heldOut` fraction of its episodes held out
 * (as the rest of the bench), `fidelityStarts` start states drawn from them.
 */
export async function measureArchitectureBench(o: {
  dataset?: string;
  config: ArchitectureBenchConfig;
  fidelityStarts: number;
  heldOut: number;
  workDir?: string;
  retrain: boolean;
  progress?: ProgressBoard;
}): Promise<ArchitectureBenchResult> {
  const loadStart = loadavg();
  const file = benchDatasetFile(o.dataset);
  const workDir =
    o.workDir ?? join(homedir(), ".atradiff", "bench", `diffusion-${basename(file).replace(/\.[^.]*$/, "")}`);
  const dataset = (await readDatasetFile(file)).dataset;
  const envId = datasetEnvId(dataset);
  const { train, heldOut } = split(trainingEpisodesFromDataset(dataset), o.heldOut);
  const engine = await initEngine();
  const env = await makeFidelityEnv(envId, dataset.obsDim);
  try {
    const starts = heldOutStarts(
      heldOut,
      o.fidelityStarts,
      new Rng(benchStreams.architectureStarts(o.config.seed)),
    );
    const oneStepModel =
      (o.config.oneStepModelSteps ?? 0) > 0 ? trainOneStepModel(train, o.config, o.progress) : null;
    const measured = measureArchitectures({
      train,
      heldOut,
      env,
      scales: fidelityScales(dataset),
      starts,
      config: o.config,
      progress: o.progress,
      workDir,
      retrain: o.retrain,
      oneStepModel: oneStepModel?.gate ?? null,
    });
    oneStepModel?.gate.dispose();
    return {
      dataset: file,
      env: envId,
      threads: engine.threads,
      loadAverage: { start: loadStart, end: loadavg() },
      trainTransitions: train.episodes.reduce((n, e) => n + e.length, 0),
      fidelityStarts: o.fidelityStarts,
      ...measured,
      ...(oneStepModel ? { oneStepModel: oneStepModel.record } : {}),
    };
  } finally {
    env.close();
    await closeEngine();
  }
}

/** The table `bench diffusion --architectures` prints: the last point of each run. */
export function formatArchitectureBench(r: ArchitectureBenchResult): string {
  const c = r.config;
  const e = (v: number) => v.toExponential(2);
  const lines = [
    `denoiser architectures: ${c.steps} training steps (measured every ${c.evalEvery}), batch ${c.batch}; flat ${c.dimT}/${c.width}x${c.depth} (fitted to the window), temporal ${c.temporalWidth}x${c.temporalDepth}; first state ${c.startState ?? "inpainted"}; ${c.samplerSteps} sampler steps; whole windows from ${r.fidelityStarts} held-out starts, actions clipped in the replay`,
    `dataset ${r.dataset} (${r.env}), ${r.trainTransitions} training transitions; ${r.threads} thread(s); load average ${r.loadAverage.start.map((v) => v.toFixed(1)).join("/")} at the start, ${r.loadAverage.end.map((v) => v.toFixed(1)).join("/")} at the end`,
    `  ${"architecture".padEnd(12)} ${"k".padStart(3)} ${"params".padStart(9)} ${"CPU s".padStart(8)} ${"next state".padStart(10)} ${"reward".padStart(9)} ${"clipped a".padStart(9)} ${"first/k5".padStart(8)} ${"worst/med".padStart(9)}  next state by position`,
  ];
  const firstAtK5 = new Map<string, number>();
  for (const run of r.runs)
    if (run.k === 5) {
      const last = run.curve.at(-1)!;
      firstAtK5.set(run.architecture, last.stateNmseByPosition[0]);
      for (const mode of ["modelRollout", "modelStep"] as const) {
        const q = last[mode];
        if (q) firstAtK5.set(`${run.architecture} ${mode}`, q.stateNmseByPosition[0]);
      }
    }
  for (const run of r.runs) {
    const p = run.curve.at(-1)!;
    const first = firstAtK5.get(run.architecture);
    const pos = p.stateNmseByPosition;
    lines.push(
      `  ${run.architecture.padEnd(12)} ${String(run.k).padStart(3)} ${String(run.parameters).padStart(9)} ${p.cpuSeconds.toFixed(0).padStart(8)} ${e(p.stateNmse).padStart(10)} ${e(p.rewardNmse).padStart(9)} ${`${(100 * p.clippedActionShare).toFixed(1)}%`.padStart(9)} ${(first ? (pos[0] / first).toFixed(2) : "-").padStart(8)} ${(Math.max(...pos) / median(pos)).toFixed(2).padStart(9)}  ${pos.map((v) => v.toExponential(1)).join(" ")}`,
    );
    for (const mode of ["modelRollout", "modelStep"] as const) {
      const q = p[mode];
      if (!q) continue;
      const rFirst = firstAtK5.get(`${run.architecture} ${mode}`);
      const rPos = q.stateNmseByPosition;
      lines.push(
        `  ${`  ${mode}`.padEnd(12)} ${String(run.k).padStart(3)} ${"".padStart(9)} ${"".padStart(8)} ${e(q.stateNmse).padStart(10)} ${e(q.rewardNmse).padStart(9)} ${"".padStart(9)} ${(rFirst ? (rPos[0] / rFirst).toFixed(2) : "-").padStart(8)} ${(Math.max(...rPos) / median(rPos)).toFixed(2).padStart(9)}  ${rPos.map((v) => v.toExponential(1)).join(" ")}`,
      );
      if (q.kept && q.keptShare !== undefined) {
        const kPos = q.kept.stateNmseByPosition.filter((v) => Number.isFinite(v));
        lines.push(
          `  ${"    kept".padEnd(12)} ${String(run.k).padStart(3)} ${`${(100 * q.keptShare).toFixed(0)}%`.padStart(9)} ${"".padStart(8)} ${e(q.kept.stateNmse).padStart(10)} ${e(q.kept.rewardNmse).padStart(9)} ${"".padStart(9)} ${"".padStart(8)} ${(Math.max(...kPos) / median(kPos)).toFixed(2).padStart(9)}  ${q.kept.stateNmseByPosition.map((v) => v.toExponential(1)).join(" ")}`,
        );
      }
    }
  }
  if (r.oneStepModel)
    lines.push(
      `  modelRollout / modelStep: next states and rewards re-drawn by one-step models (${r.oneStepModel.steps} steps, ${r.oneStepModel.cpuSeconds.toFixed(0)} CPU s, held-out error ${e(r.oneStepModel.heldOutMeanError)}), stepped from the start state / from each diffused state`,
    );
  lines.push(`  real held-out: next state ${e(r.real.stateNmse)}, reward ${e(r.real.rewardNmse)}`);
  return lines.join("\n");
}
