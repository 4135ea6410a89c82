// The resumable training of an ATraDiff generator in a directory (`atradiff diffuser train`, the
// pipelines and the bench): generatorTraining.ts (the one way a generator is trained, bit for bit
// what trainGenerator makes in memory) with its parts kept in <dir>
//   training.json                    what is being trained (dataset and its SHA-256, settings): a
//                                    partial training, continued only on the same bytes
//   diffuser-k<k>.safetensors        each window diffuser, saved every `chunkSteps` steps (weights, EMA,
//                                    optimizer, step count and noise stream: continuing is exact)
//   lengthEstimator.safetensors      once the length estimator is trained
//   plausibilityGate.safetensors     once the plausibility gate is trained (when enabled)
// then the pruner is calibrated and the whole generator replaces the partial files (saved next to
// <dir> and swapped in by renames, as saveGenerator does). Each diffuser's batch order is one seeded
// stream over its whole training, so a resumed training, which passes over the batches already
// used, equals an uninterrupted one whatever chunkSteps is. A stop through the signal saves the
// diffuser at the step it reached; a stop during the length estimator's or the gate's training
// (about a minute at the paper's scale) or the pruner's calibration (about one diffuser's worth of
// sampling between checks) keeps what is saved and starts that part over; each is seeded, so the
// finished generator is the same.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { setImmediate } from "node:timers/promises";
import { loadCheckpoint, saveCheckpoint } from "../../nn/checkpoint.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import {
  claimOutputDirectory,
  decideOutputDirectory,
  OUTPUT_MARKER,
  startInOutputDirectory,
} from "../../util/outputDirectory.js";
import { ProgressBoard } from "../../util/progress.js";
import { takeRunLock } from "../../util/runLock.js";
import {
  ESTIMATOR_FILE,
  GATE_FILE,
  isGeneratorFile,
  saveGenerator,
  type TrainedOn,
} from "../generator/generatorCheckpoint.js";
import { savedGeneratorSettings } from "../generator/generatorManifest.js";
import type { GeneratorSettings } from "../generator/generatorSettings.js";
import { LengthEstimator } from "../generator/lengthEstimator.js";
import { PlausibilityGate } from "../generator/plausibilityGate.js";
import { TaskPrompt } from "../generator/taskPrompt.js";
import type { TrajectoryGenerator } from "../generator/trajectoryGenerator.js";
import { checkWindowDenoisers } from "../generator/windowDenoiser.js";
import { WindowDiffuser } from "../generator/windowDiffuser.js";
import { checkTrainingData, type TrainingData } from "../windows/trainingEpisodes.js";
import { windowWidth } from "../windows/windowLayout.js";
import { type GeneratorPartsStore, generatorTraining } from "./generatorTraining.js";

/** v2: one batch stream per diffuser (v1 drew one per chunk, so a v1 partial cannot continue exactly). */
const TRAINING_FORMAT = "atradiff-generator-training-v2";
const OLD_TRAINING_FORMAT = "atradiff-generator-training-v1";
const TRAINING_FILE = "training.json";

interface TrainingRecord {
  format: string;
  dataset: string;
  transitions: number;
  /** The dataset file's SHA-256; absent in trainings started before it was recorded, or on in-memory data. */
  sha256?: string;
  settings: GeneratorSettings;
}

export interface DiffuserTrainRunOptions {
  data: TrainingData;
  /** The dataset's path, recorded so that a resumed training checks it is the same data. */
  datasetPath: string;
  /**
   * The dataset file's SHA-256 (util/fileHash.ts), recorded so that a continued training refuses
   * other bytes under the same path (a dataset rebuilt with another seed keeps path and size); null
   * when the data is not one file's (in-memory data in tests).
   */
  datasetSha256: string | null;
  settings: GeneratorSettings;
  outDir: string;
  force: boolean;
  /** Diffuser steps between saves. */
  chunkSteps: number;
  progress?: ProgressBoard;
  /**
   * Aborted to stop early: the diffuser in training is saved at the step it reached (a length
   * estimator, plausibility gate or pruner calibration under way starts over next time) and
   * GeneratorTrainingStopped is thrown.
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
  "Stopping: the diffuser in training is saved at the step it reached (a length estimator, plausibility gate or pruner calibration under way starts over next time).";

/** "outdated": a partial training of an older format, which only --force replaces. */
export type DirectoryState = "new" | "partial" | "outdated" | "generator";

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * What `dir` holds: new (absent, empty or only marked), a generator, a partial training (of this
 * version or an older one). Anything else fails in one sentence (util/outputDirectory.ts) and is
 * never deleted.
 */
export function directoryState(dir: string): DirectoryState {
  // The marker first, whatever the content: a directory marked as another kind (a run, say) that
  // happens to hold a training.json or manifest.json is not a generator's to train into or replace.
  decideOutputDirectory(dir, "generator", GENERATOR_OUTPUT);
  if (!existsSync(dir) || readdirSync(dir).every((name) => name === OUTPUT_MARKER)) return "new";
  if (readJson(join(dir, "manifest.json"))?.format === "atradiff-generator-v1") return "generator";
  const format = readJson(join(dir, TRAINING_FILE))?.format;
  if (format === TRAINING_FORMAT) return "partial";
  if (format === OLD_TRAINING_FORMAT) return "outdated";
  throw new Error(
    `${dir} is marked as an ATraDiff generator but holds neither a generator nor a partial training; choose another --out, or remove it yourself.`,
  );
}

/** A generator or partial training from before output markers (manifest.json or training.json). */
function isOlderGeneratorDirectory(dir: string): boolean {
  const format = readJson(join(dir, TRAINING_FILE))?.format;
  return (
    readJson(join(dir, "manifest.json"))?.format === "atradiff-generator-v1" ||
    format === TRAINING_FORMAT ||
    format === OLD_TRAINING_FORMAT
  );
}

/** The output-directory rules of a generator directory: a partial training is continued. */
const GENERATOR_OUTPUT = {
  continues: true,
  madeByOlderVersion: isOlderGeneratorDirectory,
  ownEntries: (name: string) => name === TRAINING_FILE || isGeneratorFile(name),
};

/** Throws one sentence unless `dir` may receive a generator (`diffuser export | calibrate`, in place too). */
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
  // The denoisers' sizes are checked against the memory budget before anything is written.
  const ks = settings.windowLengths;
  const layout = { obsDim: data.obsDim, actDim: data.actDim, modelTerminals: settings.modelTerminals };
  const lengthConditioned = settings.mode === "single";
  checkWindowDenoisers(
    settings.diffusion,
    (settings.mode === "multiple" ? ks : [ks[ks.length - 1]]).map((k) => ({
      windowLength: k,
      dataDim: windowWidth(layout, k),
      conditionDim: data.obsDim + new TaskPrompt(settings.prompt).dim + (lengthConditioned ? 1 : 0),
    })),
    settings.fitDenoiserToWindow,
  );
  const record: TrainingRecord = {
    format: TRAINING_FORMAT,
    dataset: o.datasetPath,
    transitions: data.episodes.reduce((n, e) => n + e.length, 0),
    ...(o.datasetSha256 !== null ? { sha256: o.datasetSha256 } : {}),
    settings,
  };
  let state = directoryState(dir);
  if (state === "generator" && !o.force)
    throw new Error(`${dir} already holds a trained generator; pass --force to train a new one there.`);
  if (state === "outdated" && !o.force)
    throw new Error(
      `${dir} holds a partial training of an older version, which cannot continue exactly; pass --force to start over there, or choose another --out.`,
    );
  if (state === "partial" && !o.force) {
    const old = readJson(join(dir, TRAINING_FILE)) as unknown as TrainingRecord;
    if (
      old.dataset === record.dataset &&
      old.sha256 !== undefined &&
      record.sha256 !== undefined &&
      old.sha256 !== record.sha256
    )
      throw new Error(
        `The dataset ${record.dataset} is not the one the partial training in ${dir} started with: its contents changed (SHA-256 ${old.sha256.slice(0, 12)}... when the training started, ${record.sha256.slice(0, 12)}... now); continue it on the original dataset, or pass --force to start over.`,
      );
    const same =
      old.dataset === record.dataset &&
      old.transitions === record.transitions &&
      JSON.stringify(savedGeneratorSettings(old.settings)) === JSON.stringify(settings);
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

  const board = o.progress ?? new ProgressBoard();
  const training = generatorTraining({
    data,
    settings,
    store: directoryStore(dir),
    chunkSteps: o.chunkSteps,
    track: (label, total, start) => board.add(label, total, start),
    stopped,
    stop: (saved) => {
      throw new GeneratorTrainingStopped(dir, saved);
    },
  });
  try {
    // Between slices the event loop runs, so that a Ctrl-C handler can abort the signal.
    for (let r = training.next(); ; r = training.next()) {
      if (r.done) {
        const { generator } = r.value;
        try {
          replaceWithGenerator(generator, dir, {
            dataset: record.dataset,
            transitions: record.transitions,
            ...(record.sha256 !== undefined ? { sha256: record.sha256 } : {}),
          });
        } catch (err) {
          generator.dispose();
          throw err;
        }
        return { generator, resumed };
      }
      await setImmediate();
    }
  } finally {
    if (!o.progress) board.stop();
  }
}

/** The training's parts as files in its directory. */
function directoryStore(dir: string): GeneratorPartsStore {
  const estimatorPath = join(dir, ESTIMATOR_FILE);
  const gatePath = join(dir, GATE_FILE);
  return {
    diffuser: (k) =>
      existsSync(diffuserFile(dir, k))
        ? loadCheckpoint(diffuserFile(dir, k), WindowDiffuser.fromCheckpoint)
        : null,
    saveDiffuser: (d) => saveCheckpoint(diffuserFile(dir, d.windowLength), d.toCheckpoint()),
    estimator: () =>
      existsSync(estimatorPath) ? loadCheckpoint(estimatorPath, LengthEstimator.fromCheckpoint) : null,
    saveEstimator: (e) => saveCheckpoint(estimatorPath, e.toCheckpoint()),
    gate: () => (existsSync(gatePath) ? loadCheckpoint(gatePath, PlausibilityGate.fromCheckpoint) : null),
    saveGate: (g) => saveCheckpoint(gatePath, g.toCheckpoint()),
  };
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
