// `atradiff diffuser calibrate`: calibrates the pruner (§4.1) of a trained generator again, on a
// dataset, with its own pruner settings or the ones given (e.g. after a change of the calibration
// rule, or to calibrate on real windows). Only the thresholds, their record and the pruner settings
// change; the diffusers and the estimator are written back unchanged. The generator is replaced in
// place only with --force; --out writes a copy.
import { existsSync, readdirSync } from "node:fs";
import type { GeneratorSettings, PrunerSettings } from "../atradiff/generatorSettings.js";
import { balancedError, type PrunerCalibration, prunerThresholds } from "../atradiff/prunerCalibration.js";
import type { TrainingData } from "../atradiff/trainingEpisodes.js";
import { TrajectoryGenerator } from "../atradiff/trajectoryGenerator.js";
import { calibrateDiffusers } from "./diffuserTrainRun.js";
import { positiveInt } from "./intOptions.js";
import type { ProgressTask } from "./progress.js";

export interface CalibrateOptions {
  checkpoint: string;
  dataset: string;
  on?: string;
  maxGeneratedError?: string;
  windows?: string;
  out?: string;
  force?: boolean;
}

/** One line per window length: the threshold, what it was calibrated on, and how it does. */
export function describeCalibration(k: number, c: PrunerCalibration, threshold: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const rates = (r: Pick<PrunerCalibration, "paddedMissed" | "cleanCut">) =>
    `misses ${pct(r.paddedMissed)} of padded windows and cuts ${pct(r.cleanCut)} of clean ones`;
  const fixed =
    threshold === c.threshold ? "" : ` (fixed by the settings; calibrated ${c.threshold.toFixed(3)})`;
  const line = `k=${k}: ${threshold.toFixed(3)}${fixed} from ${c.source} windows (${pct(c.paddedShare)} of this diffuser's starts are padded), where it ${rates(c)}`;
  if (!c.rejected) return line;
  const error = balancedError(c.rejected).toFixed(2);
  return `${line}; generated windows did not separate (balanced error ${error}), and on them it ${rates(c.rejected.atThisThreshold)}`;
}

function prunerOverrides(o: CalibrateOptions): Partial<PrunerSettings> {
  const out: Record<string, unknown> = {};
  if (o.on !== undefined) {
    if (o.on !== "generated" && o.on !== "real")
      throw new Error(`--on must be generated or real, got "${o.on}".`);
    out.calibrateOn = o.on;
  }
  if (o.maxGeneratedError !== undefined) {
    const e = Number(o.maxGeneratedError);
    if (!(e >= 0 && e <= 1))
      throw new Error(`--max-generated-error must be a number from 0 to 1, got ${o.maxGeneratedError}.`);
    out.maxGeneratedError = e;
  }
  if (o.windows !== undefined) out.calibrationWindows = positiveInt("--windows", o.windows);
  return out;
}

/**
 * The generator with its pruner calibrated again on `data` under `settings` (the generator's own
 * settings with other pruner settings); it shares the diffusers and the estimator of `old`.
 */
export function recalibrated(
  old: TrajectoryGenerator,
  data: TrainingData,
  settings: GeneratorSettings,
  track: (label: string, total: number, start: number) => ProgressTask,
): TrajectoryGenerator {
  const calibration = calibrateDiffusers(
    data,
    settings,
    [...old.diffusers],
    old.prompt,
    old.stepNormalizer.std.subarray(0, data.obsDim),
    track,
  );
  return new TrajectoryGenerator({
    settings,
    layout: old.layout,
    stepNormalizer: old.stepNormalizer,
    estimator: old.estimator,
    diffusers: [...old.diffusers],
    prunerThresholds: prunerThresholds(calibration, settings.pruner),
    prunerCalibration: calibration,
  });
}

export async function calibrateGenerator(o: CalibrateOptions): Promise<void> {
  const overrides = prunerOverrides(o);
  const target = o.out ?? o.checkpoint;
  if (o.out === undefined && !o.force)
    throw new Error(
      `diffuser calibrate replaces the thresholds of ${o.checkpoint}; pass --force to do so in place, or --out <dir> for a copy.`,
    );
  if (o.out !== undefined && existsSync(o.out) && readdirSync(o.out).length > 0 && !o.force)
    throw new Error(`${o.out} exists and is not empty; pass --force to replace the generator there.`);
  const { parseGeneratorSettings } = await import("../atradiff/generatorSettings.js");
  const { loadGenerator, saveGenerator } = await import("../atradiff/generatorCheckpoint.js");
  const { resolveDataset } = await import("../data/dataDirectory.js");
  const { readDatasetFile } = await import("../data/hdf5/readDatasetFile.js");
  const { trainingEpisodesFromDataset } = await import("../atradiff/trainingEpisodes.js");
  const { initEngine, closeEngine } = await import("../engine/runtime.js");
  const { ProgressBoard } = await import("./progress.js");
  const path = resolveDataset(o.dataset);
  const data = trainingEpisodesFromDataset((await readDatasetFile(path)).dataset);
  await initEngine();
  const board = new ProgressBoard();
  try {
    const old = loadGenerator(o.checkpoint);
    try {
      if (data.obsDim !== old.layout.obsDim || data.actDim !== old.layout.actDim)
        throw new Error(
          `The generator ${o.checkpoint} makes observation/action sizes ${old.layout.obsDim}/${old.layout.actDim}, but ${path} holds ${data.obsDim}/${data.actDim}.`,
        );
      const settings = parseGeneratorSettings({
        ...old.settings,
        pruner: { ...old.settings.pruner, ...overrides },
      });
      const generator = recalibrated(old, data, settings, (label, total, start) =>
        board.add(label, total, start),
      );
      board.stop();
      const thresholds = generator.prunerThresholds;
      const calibration = generator.prunerCalibration;
      // An exported (sampling-only) generator stays one.
      saveGenerator(generator, target, {
        samplingOnly: old.diffusers.some((d) => d.diffusion.samplingWeightsOnly),
      });
      for (const [k, c] of calibration) {
        const before = old.prunerThresholds.get(k);
        console.log(`${describeCalibration(k, c, thresholds.get(k)!)} (was ${before?.toFixed(3)})`);
      }
      console.log(`saved the generator to ${target}`);
    } finally {
      old.dispose();
    }
  } finally {
    board.stop();
    await closeEngine();
  }
}
