// `atradiff bench diffusion`: what the ATraDiff generator costs and how good it is.
// - training steps/s of each window diffuser and of SynthER, trajectories generated per second for
//   each window length k and sampler step count (benchSpeed.ts);
// - the length estimator's mean absolute error and the pruner's cut error per k on held-out episodes;
// - simulator fidelity (normalized MSE, fidelity/) of ATraDiff trajectories, SynthER transitions
//   (same denoiser settings, batch and training steps) and real held-out transitions (benchFidelity.ts).
// - with `single`, the same for a single-diffuser generator next to the set (singleDiffuserBench.ts).
// The last `heldOut` fraction of the episodes is held out; everything trains on the rest. Trained
// models are kept in a work directory (benchModels.ts): an interrupted bench resumes, and a
// finished one re-measures without training. The defaults are a reduced scale that fits a shared
// 2-core machine (SynthER trains 100k steps at width 2048 on a GPU); the result states the scale.
import { existsSync } from "node:fs";
import { homedir, loadavg } from "node:os";
import { basename, join } from "node:path";
import { datasetEnvId, makeFidelityEnv } from "../../atradiff/fidelity/fidelityEnv.js";
import { fidelityScales } from "../../atradiff/fidelity/fidelityScales.js";
import { parseGeneratorSettings } from "../../atradiff/generator/generatorSettings.js";
import type { PrunerCalibration } from "../../atradiff/generator/prunerCalibration.js";
import { TaskPrompt } from "../../atradiff/generator/taskPrompt.js";
import {
  evaluateLengthEstimator,
  type LengthEstimatorEvaluation,
} from "../../atradiff/training/trainLengthEstimator.js";
import {
  type TrainingData,
  trainingEpisodesFromDataset,
  transitionCount,
} from "../../atradiff/windows/trainingEpisodes.js";
import { datasetPath } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import type { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Rng } from "../../engine/rng.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import type { ProgressBoard } from "../../util/progress.js";
import { benchStreams } from "../../util/randomStreams.js";
import { type BenchFidelity, measureBenchFidelity } from "./benchFidelity.js";
import { benchGenerator, benchSynther } from "./benchModels.js";
import { generationSpeed, syntherTrainingSpeed, windowTrainingSpeed } from "./benchSpeed.js";
import { type PrunerCutError, prunerCutErrors } from "./prunerCutError.js";
import { measureSingleDiffuser, type SingleDiffuserBench } from "./singleDiffuserBench.js";

export interface AtradiffBenchOptions {
  /** A dataset name or file (default hopper-medium, else hopper-random). */
  dataset?: string;
  lengths?: number[];
  /** Training steps per diffuser and of SynthER. */
  steps?: number;
  /** Denoiser sizes; each window diffuser raises dim_t and width to its window (windowDenoiser.ts). */
  width?: number;
  depth?: number;
  dimT?: number;
  /** Training batch of every diffuser and of SynthER. */
  batch?: number;
  estimatorSteps?: number;
  /** Training steps of the plausibility gate's models (0: no gate, the paper's generator). */
  gateSteps?: number;
  /** Start states of each kind per window length for the pruner's threshold calibration. */
  calibrationWindows?: number;
  /** Held-out start states per generation timing. */
  samples?: number;
  /** Held-out start states for fidelity. */
  fidelityStarts?: number;
  samplerSteps?: number[];
  /** Timed training steps per model (after 2 warm-up steps). */
  timedSteps?: number;
  /** Fraction of episodes held out (the last ones). */
  heldOut?: number;
  seed?: number;
  /** Where the trained models are kept (default ~/.atradiff/bench/diffusion-<dataset>). */
  workDir?: string;
  /** Train the models anew even if the work directory holds them. */
  retrain?: boolean;
  /** Also measure a single-diffuser generator against the set (singleDiffuserBench.ts). */
  single?: boolean;
  progress?: ProgressBoard;
}

type BenchConfig = Required<
  Omit<AtradiffBenchOptions, "dataset" | "workDir" | "retrain" | "single" | "progress">
>;

export interface AtradiffBenchResult {
  dataset: string;
  env: string;
  config: BenchConfig;
  /** Sampler steps the generator uses by default (pruner calibration, per-k fidelity). */
  defaultSamplerSteps: number;
  threads: number;
  /** os.loadavg() (1, 5, 15 min) at the start and the end: other jobs share the cores. */
  loadAverage: { start: number[]; end: number[] };
  trainEpisodes: number;
  trainTransitions: number;
  heldOutEpisodes: number;
  heldOutTransitions: number;
  /** dim_t and width each model actually has (window diffusers fitted to their windows). */
  denoisers: Record<string, { dimT: number; width: number; depth: number; inputWidth: number }>;
  /** Whether the models were trained in this run (false: loaded from the work directory). */
  trainedNow: { generator: boolean; synther: boolean };
  trainingStepsPerSec: { perWindowLength: Record<number, number>; synther: number };
  /** k -> sampler steps -> trajectories per second. */
  trajectoriesPerSec: Record<number, Record<number, number>>;
  estimator: LengthEstimatorEvaluation;
  /** k -> the pruning threshold and how it was calibrated (prunerCalibration.ts). */
  prunerThresholds: Record<number, number>;
  prunerCalibration: Record<number, PrunerCalibration>;
  /** Per window length, on held-out windows from the starts that diffuser is given. */
  pruner: PrunerCutError[];
  fidelity: BenchFidelity;
  /** With --single: the single-diffuser generator next to the set. */
  single?: SingleDiffuserBench;
  seconds: number;
}

/** The dataset to bench on: the given one, else hopper-medium, else hopper-random. */
export function benchDatasetFile(name: string | undefined): string {
  if (name !== undefined) return existsSync(name) ? name : datasetPath(name);
  for (const candidate of ["hopper-medium", "hopper-random"]) {
    const path = datasetPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(
    "Neither hopper-medium nor hopper-random is in the data directory; build one with `atradiff dataset build hopper-medium` (or hopper-random), or pass --dataset <file>.",
  );
}

export function split(data: TrainingData, fraction: number): { train: TrainingData; heldOut: TrainingData } {
  const n = data.episodes.length;
  const held = Math.max(1, Math.round(n * fraction));
  if (n - held < 1) throw new Error(`The bench needs at least 2 episodes to hold some out, got ${n}.`);
  const { obsDim, actDim } = data;
  return {
    train: { obsDim, actDim, episodes: data.episodes.slice(0, n - held) },
    heldOut: { obsDim, actDim, episodes: data.episodes.slice(n - held) },
  };
}

/** n start states drawn from the held-out episodes' steps. */
export function heldOutStarts(heldOut: TrainingData, n: number, rng: Rng): Float32Array {
  const o = heldOut.obsDim;
  const out = new Float32Array(n * o);
  for (let i = 0; i < n; i++) {
    const e = heldOut.episodes[rng.int(heldOut.episodes.length)];
    const j = rng.int(e.length);
    out.set(e.observations.subarray(j * o, (j + 1) * o), i * o);
  }
  return out;
}

export async function measureAtradiffBench(opts: AtradiffBenchOptions = {}): Promise<AtradiffBenchResult> {
  const config: BenchConfig = {
    lengths: opts.lengths ?? [5, 10, 15, 20, 25],
    steps: opts.steps ?? 2000,
    width: opts.width ?? 256,
    depth: opts.depth ?? 3,
    dimT: opts.dimT ?? 128,
    batch: opts.batch ?? 128,
    estimatorSteps: opts.estimatorSteps ?? 2000,
    gateSteps: opts.gateSteps ?? 3000,
    calibrationWindows: opts.calibrationWindows ?? 128,
    samples: opts.samples ?? 64,
    fidelityStarts: opts.fidelityStarts ?? 256,
    samplerSteps: opts.samplerSteps ?? [128, 32, 16],
    timedSteps: opts.timedSteps ?? 5,
    heldOut: opts.heldOut ?? 0.1,
    seed: opts.seed ?? 0,
  };
  if (new Set(config.samplerSteps).size !== config.samplerSteps.length || config.samplerSteps.length === 0)
    throw new Error(
      `The sampler step counts must be distinct and at least one, got ${config.samplerSteps.join(",")}.`,
    );
  const loadStart = loadavg();
  const t0 = performance.now();
  const file = benchDatasetFile(opts.dataset);
  const workDir =
    opts.workDir ??
    join(homedir(), ".atradiff", "bench", `diffusion-${basename(file).replace(/\.[^.]*$/, "")}`);
  const dataset = (await readDatasetFile(file)).dataset;
  const env = datasetEnvId(dataset);
  const { train, heldOut } = split(trainingEpisodesFromDataset(dataset), config.heldOut);
  // The generator samples with the middle step count by default (32 of 128, 32, 16).
  const defaultSamplerSteps = config.samplerSteps[Math.min(1, config.samplerSteps.length - 1)];
  const diffusion = {
    // The flat residual MLP, whose sizes the options set (--architectures compares architectures).
    denoiser: {
      architecture: "residualMlp" as const,
      dimT: config.dimT,
      width: config.width,
      depth: config.depth,
    },
    training: { totalSteps: config.steps, batchSize: config.batch },
    edm: { sampleSteps: defaultSamplerSteps },
  };
  const settings = parseGeneratorSettings({
    windowLengths: config.lengths,
    diffusion,
    estimator: { steps: config.estimatorSteps },
    plausibilityGate: config.gateSteps > 0 ? { steps: config.gateSteps } : { enabled: false },
    pruner: { calibrationWindows: config.calibrationWindows },
    seed: config.seed,
  });
  const engine = await initEngine();
  const threads = engine.threads;
  const models = { workDir, force: opts.retrain ?? false, datasetPath: file, progress: opts.progress };
  const generatorModels = { ...models, chunkSteps: 250 };
  const { generator, trained: generatorTrained } = await benchGenerator(train, settings, generatorModels);
  const envInstance = await makeFidelityEnv(env, dataset.obsDim);
  let synther: ReturnType<typeof benchSynther>["synther"] | null = null;
  try {
    // SynthER with the same denoiser, batch and steps (its large-dataset batch of 1024 would give
    // it 4x the data per step).
    const syntherRun = benchSynther(
      train,
      { diffusion, largeBatchSize: config.batch, seed: config.seed },
      models,
    );
    synther = syntherRun.synther;
    const sizes = (d: DiffusionTrainer) => {
      const { dimT, width, depth } = d.settings.denoiser;
      return { dimT, width, depth, inputWidth: d.dataDim + d.conditionDim };
    };
    const denoisers: AtradiffBenchResult["denoisers"] = { synther: sizes(synther.diffusion) };
    for (const d of generator.diffusers) denoisers[`k${d.windowLength}`] = sizes(d.diffusion);
    const task = (label: string, total: number) => opts.progress?.add(label, total, 0);
    const speed = task("timing", 3);
    const trainingStepsPerSec = {
      perWindowLength: windowTrainingSpeed(train, settings, config.timedSteps),
      synther: syntherTrainingSpeed(synther, config.batch, config.timedSteps),
    };
    speed?.update(1);
    const rng = new Rng(benchStreams.atradiffStarts(config.seed));
    const speedStarts = heldOutStarts(heldOut, config.samples, rng);
    const trajectoriesPerSec = generationSpeed(generator, speedStarts, config.samplerSteps, rng);
    speed?.update(2);
    const prompt = new TaskPrompt(settings.prompt);
    const estimator = evaluateLengthEstimator(generator.estimator, heldOut, prompt, config.lengths);
    const pruner = prunerCutErrors(generator, heldOut, 512, rng);
    speed?.finish();
    const fidelityTask = task("fidelity", config.samplerSteps.length + config.lengths.length);
    let done = 0;
    const scales = fidelityScales(dataset);
    const fidelityStarts = heldOutStarts(heldOut, config.fidelityStarts, rng);
    const fidelity = measureBenchFidelity({
      env: envInstance,
      scales,
      generator,
      synther,
      starts: fidelityStarts,
      heldOut,
      samplerSteps: config.samplerSteps,
      perWindowLengthSteps: defaultSamplerSteps,
      rng,
      onStep: () => fidelityTask?.update(++done),
    });
    fidelityTask?.finish();
    // After every measurement of the set, with its own Rng: the set's numbers stay as without it.
    const single = opts.single
      ? await measureSingleDiffuser({
          train,
          heldOut,
          settings,
          set: generator,
          setTrainingStepsPerSec: trainingStepsPerSec.perWindowLength,
          setEstimator: estimator,
          prompt,
          models: generatorModels,
          timedSteps: config.timedSteps,
          speedStarts,
          fidelityStarts,
          samplerSteps: config.samplerSteps,
          env: envInstance,
          scales,
          rng: new Rng(benchStreams.atradiffSamples(config.seed)),
        })
      : undefined;
    return {
      dataset: file,
      env,
      config,
      defaultSamplerSteps,
      threads,
      loadAverage: { start: loadStart, end: loadavg() },
      trainEpisodes: train.episodes.length,
      trainTransitions: transitionCount(train),
      heldOutEpisodes: heldOut.episodes.length,
      heldOutTransitions: transitionCount(heldOut),
      denoisers,
      trainedNow: { generator: generatorTrained, synther: syntherRun.trained },
      trainingStepsPerSec,
      trajectoriesPerSec,
      estimator,
      prunerThresholds: Object.fromEntries(generator.prunerThresholds),
      prunerCalibration: Object.fromEntries(generator.prunerCalibration),
      pruner,
      fidelity,
      ...(single ? { single } : {}),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    envInstance.close();
    generator.dispose();
    synther?.dispose();
    await closeEngine();
  }
}
