// `atradiff diffuser train`: trains the ATraDiff generator (§4.1: window diffusers, length
// estimator, pruner, plausibility gate) on a dataset, resumably (generatorTrainingRun.ts), at the
// quick or the paper's scale (diffuserTrainScale.ts); flags given win over --settings, which wins
// over the scale.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolveDataset } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { describeMatmulPrecision } from "../../engine/matmulPrecision.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import type { NextStateSource } from "../../settings/generator.js";
import { fileSha256 } from "../../util/fileHash.js";
import { listenForInterrupts } from "../../util/interrupts.js";
import { ProgressBoard } from "../../util/progress.js";
import { type GeneratorSettingsInput, parseGeneratorSettings } from "../generator/generatorSettings.js";
import { describeCalibration } from "../training/generatorRecalibration.js";
import {
  GENERATOR_STOPPING,
  GeneratorTrainingStopped,
  runDiffuserTraining,
} from "../training/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../windows/trainingEpisodes.js";
import { scaledSettings } from "./diffuserTrainScale.js";

/** --task-prompt none | onehot | <file.json holding {"embeddings": [[...], ...]}> */
function taskPrompt(text: string): GeneratorSettingsInput["prompt"] {
  if (text === "none") return { kind: "none" };
  // One dataset is one task: id 0 of a one-hot prompt over one task.
  if (text === "onehot") return { kind: "oneHot", taskCount: 1 };
  if (!existsSync(text))
    throw new Error(
      `--task-prompt must be none, onehot or a JSON file of embeddings; ${text} does not exist.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(text, "utf8"));
  } catch {
    throw new Error(`The task-prompt file ${text} is not valid JSON.`);
  }
  const embeddings = (parsed as { embeddings?: unknown })?.embeddings;
  return { kind: "embedding", embeddings: embeddings as number[][] };
}

function settingsJson(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let source = text;
  if (existsSync(text)) {
    if (!statSync(text).isFile()) throw new Error(`--settings ${text} is a directory, not a JSON file.`);
    source = readFileSync(text, "utf8");
  }
  try {
    const v = JSON.parse(source) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw new Error("--settings must be a JSON object of generator settings, or a file holding one.");
}

export interface DiffuserTrainOptions {
  dataset: string;
  out: string;
  scale: string;
  lengths?: number[];
  single?: boolean;
  taskPrompt?: string;
  steps?: number;
  estimatorSteps?: number;
  gate?: boolean;
  gateSteps?: number;
  /** One of NEXT_STATE_SOURCES (the settings' schema says so if not). */
  nextStates?: string;
  width?: number;
  seed?: number;
  settings?: string;
  saveEvery: number;
  force?: boolean;
}

/**
 * The denoiser settings with --width applied to the denoiser they choose: the temporal denoiser's
 * width per step (the window diffusers' default architecture), or the residual MLP's width.
 */
function withDenoiserWidth(
  denoiser: Record<string, unknown>,
  w: number | undefined,
): Record<string, unknown> {
  if (w === undefined) return denoiser;
  if (denoiser.architecture === "residualMlp") return { ...denoiser, width: w };
  return { ...denoiser, temporal: { ...(denoiser.temporal as object | undefined), width: w } };
}

export async function diffuserTrain(opts: DiffuserTrainOptions): Promise<void> {
  const base = scaledSettings(opts.scale, settingsJson(opts.settings)) as GeneratorSettingsInput &
    Record<string, unknown>;
  const diffusion = (base.diffusion ?? {}) as Record<string, Record<string, unknown>>;
  // Flags that were given win over --settings; the others leave its values (or the defaults).
  const input: GeneratorSettingsInput = {
    ...base,
    ...(opts.lengths !== undefined ? { windowLengths: opts.lengths } : {}),
    ...(opts.single ? { mode: "single" as const } : {}),
    ...(opts.taskPrompt !== undefined ? { prompt: taskPrompt(opts.taskPrompt) } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    diffusion: {
      ...diffusion,
      denoiser: withDenoiserWidth(diffusion.denoiser ?? {}, opts.width),
      training: {
        ...diffusion.training,
        ...(opts.steps !== undefined ? { totalSteps: opts.steps } : {}),
      },
    },
    estimator: {
      ...(base.estimator as object),
      ...(opts.estimatorSteps !== undefined ? { steps: opts.estimatorSteps } : {}),
    },
    plausibilityGate: {
      ...(base.plausibilityGate as object),
      ...(opts.gate === false ? { enabled: false } : {}),
      ...(opts.gateSteps !== undefined ? { steps: opts.gateSteps } : {}),
    },
    // Checked by the settings' schema; with --no-gate and no --next-states, states stay as diffused.
    ...(opts.nextStates !== undefined ? { nextStates: opts.nextStates as NextStateSource } : {}),
  };
  const chunkSteps = opts.saveEvery;
  const settings = parseGeneratorSettings(input);
  const path = resolveDataset(opts.dataset);
  const data = trainingEpisodesFromDataset((await readDatasetFile(path)).dataset);
  const engine = await initEngine();
  console.log(`engine: ${engine.description}`);
  const precision = settings.diffusion.training.matmulPrecision;
  if (precision !== "fp32") console.log(describeMatmulPrecision(precision, engine));
  const t0 = performance.now();
  const board = new ProgressBoard();
  const interrupts = listenForInterrupts((m) => board.log(m), GENERATOR_STOPPING);
  try {
    const trained = await runDiffuserTraining({
      data,
      datasetPath: path,
      datasetSha256: fileSha256(path),
      settings,
      outDir: opts.out,
      force: Boolean(opts.force),
      chunkSteps,
      progress: board,
      signal: interrupts.graceful,
    }).catch((err: unknown) => {
      if (!(err instanceof GeneratorTrainingStopped)) throw err;
      board.stop();
      console.error(
        `Stopped in ${err.dir}: ${err.saved}; run the same command (without --force) to continue.`,
      );
      process.exitCode = 130;
      return null;
    });
    if (!trained) return;
    board.stop();
    const { generator, resumed } = trained;
    console.log(
      `${resumed ? "continued and finished" : "trained"} ${generator.diffusers.length} diffuser(s) (${settings.mode}, lengths ${settings.windowLengths.join(",")}) on ${data.episodes.length} episodes of ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log("pruning thresholds:");
    for (const [k, c] of generator.prunerCalibration)
      console.log(`  ${describeCalibration(k, c, generator.prunerThresholds.get(k)!)}`);
    const gate = generator.gate?.calibration;
    console.log(
      gate
        ? `plausibility gate: threshold ${gate.threshold.toPrecision(3)} (the ${settings.plausibilityGate.thresholdQuantile} quantile of the error of ${gate.heldOutTransitions} held-out real transitions, times ${settings.plausibilityGate.thresholdScale}; their median ${gate.heldOutMedianError.toPrecision(3)})`
        : "plausibility gate: off",
    );
    console.log(`saved the generator to ${opts.out}`);
    generator.dispose();
  } finally {
    interrupts.dispose();
    board.stop();
    await closeEngine();
  }
}
