// `atradiff bench diffusion`: what the ATraDiff generator costs and how good it is, at a reduced
// scale that finishes in minutes on two cores (flags scale it up):
// - training steps/s of the window diffusers, and trajectories generated per second for each
//   window length k and sampler step count (128, 32, 16);
// - the length estimator's mean absolute error and the pruner's cut error on held-out episodes;
// - simulator fidelity (normalized MSE, fidelity/) of ATraDiff windows, SynthER transitions (same
//   denoiser size and steps) and real held-out transitions (the reference: ~0).
import { existsSync } from "node:fs";
import { trainSynther } from "../../baselines/synther/trainSynther.js";
import { batchAsTransitions } from "../../baselines/synther/transitionRows.js";
import { datasetPath } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { Rng } from "../../engine/rng.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { datasetEnvId, makeFidelityEnv } from "../fidelity/fidelityEnv.js";
import { fidelityScales } from "../fidelity/fidelityScales.js";
import { type FidelityResult, measureSimulatorFidelity } from "../fidelity/simulatorFidelity.js";
import { episodesToBatch, trajectoriesToBatch } from "../fidelity/transitionBatches.js";
import { TaskPrompt } from "../taskPrompt.js";
import { trainGenerator } from "../trainGenerator.js";
import { type TrainingData, trainingEpisodesFromDataset } from "../trainingEpisodes.js";
import { evaluateLengthEstimator, type LengthEstimatorEvaluation } from "../trainLengthEstimator.js";
import { type PrunerCutError, prunerCutError } from "./prunerCutError.js";

export interface AtradiffBenchOptions {
  /** A dataset name or file (default hopper-medium, else hopper-random). */
  dataset?: string;
  lengths?: number[];
  /** Training steps per diffuser (and of SynthER). */
  steps?: number;
  width?: number;
  depth?: number;
  dimT?: number;
  estimatorSteps?: number;
  /** Start states per timing and per fidelity measurement. */
  samples?: number;
  samplerSteps?: number[];
  /** Fraction of episodes held out (the last ones). */
  heldOut?: number;
  seed?: number;
  onStage?: (stage: string, done: number, total: number) => void;
}

export interface AtradiffBenchResult {
  dataset: string;
  env: string;
  config: Required<Omit<AtradiffBenchOptions, "onStage" | "dataset">>;
  threads: number;
  trainEpisodes: number;
  heldOutEpisodes: number;
  trainStepsPerSec: number;
  /** k -> sampler steps -> trajectories per second. */
  trajectoriesPerSec: Record<number, Record<number, number>>;
  estimator: LengthEstimatorEvaluation;
  pruner: PrunerCutError;
  fidelity: { atradiff: FidelityResult; synther: FidelityResult; real: FidelityResult };
  /** Sampler steps used for the fidelity samples. */
  fidelitySamplerSteps: number;
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

function split(data: TrainingData, fraction: number): { train: TrainingData; heldOut: TrainingData } {
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
function heldOutStarts(heldOut: TrainingData, n: number, rng: Rng): Float32Array {
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
  const config = {
    lengths: opts.lengths ?? [5, 10, 15, 20, 25],
    steps: opts.steps ?? 1000,
    width: opts.width ?? 256,
    depth: opts.depth ?? 3,
    dimT: opts.dimT ?? 64,
    estimatorSteps: opts.estimatorSteps ?? 2000,
    samples: opts.samples ?? 64,
    samplerSteps: opts.samplerSteps ?? [128, 32, 16],
    heldOut: opts.heldOut ?? 0.1,
    seed: opts.seed ?? 0,
  };
  const stage = opts.onStage ?? (() => {});
  const t0 = performance.now();
  const file = benchDatasetFile(opts.dataset);
  const dataset = (await readDatasetFile(file)).dataset;
  const env = datasetEnvId(dataset);
  const { train, heldOut } = split(trainingEpisodesFromDataset(dataset), config.heldOut);
  const fidelitySamplerSteps = config.samplerSteps[Math.min(1, config.samplerSteps.length - 1)];
  const diffusion = {
    denoiser: { dimT: config.dimT, width: config.width, depth: config.depth },
    training: { totalSteps: config.steps },
    edm: { sampleSteps: fidelitySamplerSteps },
  };
  const engine = await initEngine();
  const threads = engine.threads;
  const rng = new Rng([config.seed, 7]);
  let trainSeconds = 0;
  let trainSteps = 0;
  let stageStart = performance.now();
  const totalSteps = config.steps * config.lengths.length;
  const { generator } = trainGenerator(
    train,
    {
      windowLengths: config.lengths,
      diffusion,
      estimator: { steps: config.estimatorSteps },
      pruner: { calibrationWindows: 64 },
      seed: config.seed,
    },
    {
      onProgress: (p) => {
        if (p.stage !== "diffuser") return;
        trainSteps++;
        const now = performance.now();
        trainSeconds += now - stageStart;
        stageStart = now;
        stage("training the diffusers", trainSteps, totalSteps);
      },
    },
  );
  const envInstance = await makeFidelityEnv(env, dataset.obsDim);
  try {
    const trajectoriesPerSec: Record<number, Record<number, number>> = {};
    const prompt = new TaskPrompt(generator.settings.prompt);
    const starts = heldOutStarts(heldOut, config.samples, rng);
    const prompts = new Float32Array(0);
    let timed = 0;
    for (const d of generator.diffusers) {
      trajectoriesPerSec[d.windowLength] = {};
      for (const s of config.samplerSteps) {
        const t = performance.now();
        d.sample(starts, prompts, null, config.samples, {
          rng,
          steps: s,
          inpaintMode: generator.settings.inpaintMode,
        });
        trajectoriesPerSec[d.windowLength][s] = config.samples / ((performance.now() - t) / 1000);
        stage("timing generation", ++timed, generator.diffusers.length * config.samplerSteps.length);
      }
    }
    const estimator = evaluateLengthEstimator(generator.estimator, heldOut, prompt, config.lengths);
    const pruner = prunerCutError(generator, heldOut, 512, rng);
    stage("fidelity in the simulator", 0, 3);
    const scales = fidelityScales(dataset);
    const generated = generator.generate(starts, { rng, steps: fidelitySamplerSteps });
    const atradiff = measureSimulatorFidelity(
      envInstance,
      trajectoriesToBatch(generated, dataset.obsDim, dataset.actDim),
      scales,
    );
    stage("training SynthER", 0, 3);
    const synther = trainSynther(
      batchAsTransitions(episodesToBatch(train.episodes, train.obsDim, train.actDim)),
      {
        diffusion,
        seed: config.seed,
      },
    );
    const syntherBatch = synther.generateTransitions(atradiff.count, rng, { steps: fidelitySamplerSteps });
    synther.dispose();
    const syntherFidelity = measureSimulatorFidelity(envInstance, syntherBatch, scales);
    const real = measureSimulatorFidelity(
      envInstance,
      episodesToBatch(heldOut.episodes, heldOut.obsDim, heldOut.actDim),
      scales,
    );
    stage("fidelity in the simulator", 3, 3);
    return {
      dataset: file,
      env,
      config,
      threads,
      trainEpisodes: train.episodes.length,
      heldOutEpisodes: heldOut.episodes.length,
      trainStepsPerSec: trainSteps / (trainSeconds / 1000),
      trajectoriesPerSec,
      estimator,
      pruner,
      fidelity: { atradiff, synther: syntherFidelity, real },
      fidelitySamplerSteps,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    envInstance.close();
    generator.dispose();
    await closeEngine();
  }
}
