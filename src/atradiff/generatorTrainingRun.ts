// The resumable training of an ATraDiff generator in a directory (`atradiff diffuser train`, the
// pipelines and the bench): the generator (§4.1) is trained stage by stage in <dir>
//   training.json                 what is being trained (dataset, settings): a partial training
//   diffuser-k<k>.safetensors     each window diffuser, saved every `chunkSteps` steps (weights, EMA,
//                                 optimizer, step count and noise stream: continuing is exact)
//   lengthEstimator.safetensors   once the length estimator is trained
// then the pruner is calibrated and the whole generator replaces the partial files (saved next to
// <dir> and swapped in by renames, as saveGenerator does). Each chunk draws its batch order from a
// generator seeded by (seed, stage, chunk), so a resumed training equals an uninterrupted one. A stop
// through the signal saves the diffuser at the step it reached, mid-chunk; the resumed training
// passes over the chunk's batches already used and so equals an uninterrupted one too. A stop during
// the length estimator's training (about a minute at the paper's scale) or the pruner's calibration
// (about one diffuser's worth of sampling between checks) keeps what is saved and starts that part
// over; both are seeded, so the finished generator is the same.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { setImmediate } from "node:timers/promises";
import { Rng } from "../engine/rng.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import {
  claimOutputDirectory,
  decideOutputDirectory,
  OUTPUT_MARKER,
  startInOutputDirectory,
} from "../util/outputDirectory.js";
import { ProgressBoard, type ProgressTask } from "../util/progress.js";
import { takeRunLock } from "../util/runLock.js";
import { ESTIMATOR_FILE, saveGenerator, type TrainedOn } from "./generatorCheckpoint.js";
import { type GeneratorSettings, parseGeneratorSettings } from "./generatorSettings.js";
import { LengthEstimator } from "./lengthEstimator.js";
import { calibrateGeneratorDiffuser, type PrunerCalibration, prunerThresholds } from "./prunerCalibration.js";
import { fitStepNormalizer, stateNormalizer } from "./stepStatistics.js";
import { TaskPrompt } from "./taskPrompt.js";
import { checkTrainingData, type TrainingData } from "./trainingEpisodes.js";
import { TrainingWindows } from "./trainingWindows.js";
import { LengthEstimatorTraining } from "./trainLengthEstimator.js";
import { trainOnWindowBatches, windowBatchesFor } from "./trainWindowDiffuser.js";
import { TrajectoryGenerator } from "./trajectoryGenerator.js";
import { checkWindowDenoisers } from "./windowDenoiser.js";
import { WindowDiffuser } from "./windowDiffuser.js";
import { windowWidth } from "./windowLayout.js";

const TRAINING_FORMAT = "atradiff-generator-training-v1";
const TRAINING_FILE = "training.json";

interface TrainingRecord {
  format: string;
  dataset: string;
  transitions: number;
  settings: GeneratorSettings;
}

export interface DiffuserTrainRunOptions {
  data: TrainingData;
  /** The dataset's path, recorded so that a resumed training checks it is the same data. */
  datasetPath: string;
  settings: GeneratorSettings;
  outDir: string;
  force: boolean;
  /** Diffuser steps between saves. */
  chunkSteps: number;
  progress?: ProgressBoard;
  /**
   * Aborted to stop early: the diffuser in training is saved at the step it reached (a length
   * estimator or pruner calibration under way starts over next time) and GeneratorTrainingStopped is
   * thrown.
   */
  signal?: AbortSignal;
}

/** The training was stopped through its signal; running it again continues exactly. */
export class GeneratorTrainingStopped extends Error {
  /**
   * @param saved what is kept, as a clause: "diffuser k=10 is saved at step 37", or which part
   * starts over.
   */
  constructor(
    readonly dir: string,
    readonly saved: string,
  ) {
    super(`Stopped the generator training in ${dir}: ${saved}; run the same command again to continue.`);
    this.name = "GeneratorTrainingStopped";
  }
}

/** What a Ctrl-C handler says when it aborts a training's signal. */
export const GENERATOR_STOPPING =
  "Stopping: the diffuser in training is saved at the step it reached (a length estimator or pruner calibration under way starts over next time).";

/** Longest run of diffuser steps between two turns of the event loop. */
const SLICE_MS = 100;

export type DirectoryState = "new" | "partial" | "generator";

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * What `dir` holds: new (absent, empty or only marked), a generator, a partial training. Anything
 * else fails in one sentence (util/outputDirectory.ts) and is never deleted.
 */
export function directoryState(dir: string): DirectoryState {
  if (!existsSync(dir) || readdirSync(dir).every((name) => name === OUTPUT_MARKER)) {
    decideOutputDirectory(dir, "generator", GENERATOR_OUTPUT); // e.g. a file, or a run's marker
    return "new";
  }
  if (readJson(join(dir, "manifest.json"))?.format === "atradiff-generator-v1") return "generator";
  if (readJson(join(dir, TRAINING_FILE))?.format === TRAINING_FORMAT) return "partial";
  decideOutputDirectory(dir, "generator", GENERATOR_OUTPUT);
  throw new Error(
    `${dir} is marked as an ATraDiff generator but holds neither a generator nor a partial training; choose another --out, or remove it yourself.`,
  );
}

/** A generator or partial training from before output markers (manifest.json or training.json). */
function isOlderGeneratorDirectory(dir: string): boolean {
  return (
    readJson(join(dir, "manifest.json"))?.format === "atradiff-generator-v1" ||
    readJson(join(dir, TRAINING_FILE))?.format === TRAINING_FORMAT
  );
}

/** The output-directory rules of a generator directory: a partial training is continued. */
const GENERATOR_OUTPUT = { continues: true, madeByOlderVersion: isOlderGeneratorDirectory };

/** Throws one sentence unless `dir` may receive a generator (`diffuser export | calibrate --out`). */
export function checkGeneratorOutput(dir: string, force: boolean): void {
  if (directoryState(dir) !== "new")
    decideOutputDirectory(dir, "generator", { ...GENERATOR_OUTPUT, force, continues: false });
}

function diffuserFile(dir: string, k: number): string {
  return join(dir, `diffuser-k${k}.safetensors`);
}

/**
 * Starts or continues the training in opts.outDir; returns the finished generator (caller disposes).
 * One process at a time per directory: the lock is a hidden file next to it, because the directory
 * itself is replaced by the finished generator.
 */
export async function runDiffuserTraining(o: DiffuserTrainRunOptions): Promise<{
  generator: TrajectoryGenerator;
  resumed: boolean;
}> {
  mkdirSync(dirname(o.outDir), { recursive: true });
  const lock = join(dirname(o.outDir), `.${basename(o.outDir)}.lock`);
  const release = takeRunLock(lock, `The generator training in ${o.outDir}`);
  try {
    return await trainInDirectory(o);
  } finally {
    release();
  }
}

async function trainInDirectory(
  o: DiffuserTrainRunOptions,
): Promise<{ generator: TrajectoryGenerator; resumed: boolean }> {
  const { data, settings, outDir: dir } = o;
  const stopped = () => o.signal?.aborted === true;
  checkTrainingData(data);
  const prompt = new TaskPrompt(settings.prompt);
  const ks = settings.windowLengths;
  const kMax = ks[ks.length - 1];
  const lengthConditioned = settings.mode === "single";
  const layout = { obsDim: data.obsDim, actDim: data.actDim, modelTerminals: settings.modelTerminals };
  checkWindowDenoisers(
    settings.diffusion,
    (settings.mode === "multiple" ? ks : [kMax]).map((k) => ({
      windowLength: k,
      dataDim: windowWidth(layout, k),
      conditionDim: data.obsDim + prompt.dim + (lengthConditioned ? 1 : 0),
    })),
    settings.fitDenoiserToWindow,
  );
  const record: TrainingRecord = {
    format: TRAINING_FORMAT,
    dataset: o.datasetPath,
    transitions: data.episodes.reduce((n, e) => n + e.length, 0),
    settings,
  };
  let state = directoryState(dir);
  if (state === "generator" && !o.force)
    throw new Error(`${dir} already holds a trained generator; pass --force to train a new one there.`);
  if (state === "partial" && !o.force) {
    const old = readJson(join(dir, TRAINING_FILE)) as unknown as TrainingRecord;
    const same =
      old.dataset === record.dataset &&
      old.transitions === record.transitions &&
      JSON.stringify(parseGeneratorSettings(old.settings)) === JSON.stringify(settings);
    if (!same)
      throw new Error(
        `${dir} holds a partial training of ${old.dataset} with other settings; give the same options to continue it, or pass --force to start over.`,
      );
  }
  // A new training (or one that replaces, with --force, a generator directory atradiff marked).
  if (state === "new" || o.force) {
    const output = claimOutputDirectory(dir, "generator", { ...GENERATOR_OUTPUT, force: o.force });
    startInOutputDirectory(output, () =>
      writeFileAtomic(join(dir, TRAINING_FILE), `${JSON.stringify(record, null, 2)}\n`),
    );
    state = "new";
  }
  const resumed = state === "partial";

  const stepNormalizer = fitStepNormalizer(data);
  const board = o.progress ?? new ProgressBoard();
  const track = (label: string, total: number, start: number): ProgressTask => board.add(label, total, start);
  const diffusers: WindowDiffuser[] = [];
  let estimator: LengthEstimator | null = null;
  try {
    for (const [stage, k] of (settings.mode === "multiple" ? ks : [kMax]).entries()) {
      const path = diffuserFile(dir, k);
      const shape = {
        layout,
        windowLength: k,
        promptDim: prompt.dim,
        lengthConditioned,
      };
      const diffuser = existsSync(path)
        ? WindowDiffuser.load(path)
        : WindowDiffuser.create(
            shape,
            stepNormalizer,
            settings.diffusion,
            new Rng([settings.seed, stage]).nextUint32(),
            { fitDenoiserToWindow: settings.fitDenoiserToWindow },
          );
      diffusers.push(diffuser);
      const total = settings.diffusion.training.totalSteps;
      const windows = new TrainingWindows(data, k, settings.modelTerminals);
      const task = track(`diffuser k=${k}`, total, diffuser.diffusion.stepCount);
      while (diffuser.diffusion.stepCount < total) {
        const done = diffuser.diffusion.stepCount;
        const chunk = Math.floor(done / o.chunkSteps);
        const chunkEnd = Math.min((chunk + 1) * o.chunkSteps, total);
        const batches = windowBatchesFor(diffuser, windows, new Rng([settings.seed, stage, chunk, 1]));
        batches.skip(done - chunk * o.chunkSteps); // a stop saves mid-chunk: continue its batch order
        // Short slices with the event loop let in between, so that a Ctrl-C handler can run.
        while (diffuser.diffusion.stepCount < chunkEnd && !stopped()) {
          const from = diffuser.diffusion.stepCount;
          const until = performance.now() + SLICE_MS;
          trainOnWindowBatches(diffuser, batches, prompt, {
            steps: chunkEnd - from,
            shouldStop: () => stopped() || performance.now() > until,
            onProgress: (p) => task.update(from + p.step, { loss: p.loss }),
          });
          await setImmediate();
        }
        diffuser.save(path);
        if (stopped())
          throw new GeneratorTrainingStopped(
            dir,
            `diffuser k=${k} is saved at step ${diffuser.diffusion.stepCount}`,
          );
      }
      task.finish();
    }
    const estimatorPath = join(dir, ESTIMATOR_FILE);
    if (existsSync(estimatorPath)) estimator = LengthEstimator.load(estimatorPath);
    else {
      estimator = new LengthEstimator(
        { obsDim: data.obsDim, promptDim: prompt.dim, lengthCap: kMax },
        settings.estimator,
        stateNormalizer(stepNormalizer, data.obsDim),
        new Rng([settings.seed, 100]),
      );
      const task = track("length estimator", settings.estimator.steps, 0);
      const training = new LengthEstimatorTraining(estimator, data, prompt, new Rng([settings.seed, 101]));
      try {
        while (training.stepCount < training.totalSteps) {
          const until = performance.now() + SLICE_MS;
          while (training.stepCount < training.totalSteps && performance.now() < until && !stopped()) {
            const loss = training.step();
            task.update(training.stepCount, { loss });
          }
          await setImmediate();
          if (stopped() && training.stepCount < training.totalSteps)
            throw new GeneratorTrainingStopped(
              dir,
              `every diffuser is saved; the length estimator, stopped at step ${training.stepCount} of ${training.totalSteps}, starts over`,
            );
        }
      } finally {
        training.dispose();
      }
      task.finish();
      estimator.save(estimatorPath);
    }
    const calibration = await calibrateDiffusers(
      data,
      settings,
      diffusers,
      prompt,
      stepNormalizer.std.subarray(0, data.obsDim),
      track,
      async () => {
        await setImmediate();
        if (stopped())
          throw new GeneratorTrainingStopped(
            dir,
            "every diffuser and the length estimator are saved; the pruner's calibration starts over",
          );
      },
    );
    const generator = new TrajectoryGenerator({
      settings,
      layout,
      stepNormalizer,
      estimator,
      diffusers,
      prunerThresholds: prunerThresholds(calibration, settings.pruner),
      prunerCalibration: calibration,
    });
    replaceWithGenerator(generator, dir, { dataset: record.dataset, transitions: record.transitions });
    return { generator, resumed };
  } catch (err) {
    estimator?.dispose();
    for (const d of diffusers) d.dispose();
    throw err;
  } finally {
    if (!o.progress) board.stop();
  }
}

/**
 * Each diffuser's pruner calibration (prunerCalibration.ts), with a progress bar; `beforeEach` is
 * awaited before each diffuser (a turn of the event loop and a stop check, in a training).
 */
export async function calibrateDiffusers(
  data: TrainingData,
  settings: GeneratorSettings,
  diffusers: WindowDiffuser[],
  prompt: TaskPrompt,
  stateStd: Float32Array,
  track: (label: string, total: number, start: number) => ProgressTask,
  beforeEach: () => Promise<void> = async () => {},
): Promise<Map<number, PrunerCalibration>> {
  const task = track("pruner calibration", diffusers.length, 0);
  const out = new Map<number, PrunerCalibration>();
  for (const [i, diffuser] of diffusers.entries()) {
    await beforeEach();
    const k = diffuser.windowLength;
    const c = calibrateGeneratorDiffuser(
      diffuser,
      data,
      settings,
      prompt,
      stateStd,
      new Rng([settings.seed, 200 + i]),
    );
    out.set(k, c);
    task.update(i + 1, { k, threshold: c.threshold, on: c.source });
  }
  task.finish();
  return out;
}

/** Saves the generator beside `dir`, then swaps it in for the partial files. */
function replaceWithGenerator(generator: TrajectoryGenerator, dir: string, trainedOn: TrainedOn): void {
  const stamp = `${process.pid}-${Date.now()}`;
  const incoming = join(dirname(dir), `.${basename(dir)}.generator-${stamp}`);
  const old = join(dirname(dir), `.${basename(dir)}.partial-${stamp}`);
  saveGenerator(generator, incoming, { trainedOn });
  renameSync(dir, old);
  renameSync(incoming, dir);
  rmSync(old, { recursive: true, force: true });
}
