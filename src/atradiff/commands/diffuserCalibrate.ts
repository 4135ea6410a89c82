// `atradiff diffuser calibrate`: calibrates the pruner (§4.1) of a trained generator again, on a
// dataset, with its own pruner settings or the ones given (e.g. after a change of the calibration
// rule, or to calibrate on real windows). Only the thresholds, their record and the pruner settings
// change; the diffusers and the estimator are written back unchanged. --lengths keeps only some
// window diffusers (e.g. the short ones that stay physical): the length estimator then rounds every
// longer estimate to the largest kept window, and each threshold is calibrated for its new share of
// start states. The generator is replaced in place only with --force; --out writes a copy.
import { resolveDataset } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { ProgressBoard } from "../../util/progress.js";
import { loadGenerator, savedGeneratorTrainedOn, saveGenerator } from "../generator/generatorCheckpoint.js";
import type { PrunerSettings } from "../generator/generatorSettings.js";
import { describeCalibration, withWindowLengths } from "../training/generatorRecalibration.js";
import { checkGeneratorOutput } from "../training/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../windows/trainingEpisodes.js";

export interface CalibrateOptions {
  checkpoint: string;
  dataset: string;
  on?: string;
  maxGeneratedError?: number;
  windows?: number;
  lengths?: number[];
  out?: string;
  force?: boolean;
}

function prunerOverrides(o: CalibrateOptions): Partial<PrunerSettings> {
  const out: Record<string, unknown> = {};
  if (o.on !== undefined) {
    if (o.on !== "generated" && o.on !== "real")
      throw new Error(`--on must be generated or real, got "${o.on}".`);
    out.calibrateOn = o.on;
  }
  if (o.maxGeneratedError !== undefined) {
    const e = o.maxGeneratedError;
    if (!(e >= 0 && e <= 1))
      throw new Error(`--max-generated-error must be a number from 0 to 1, got ${o.maxGeneratedError}.`);
    out.maxGeneratedError = e;
  }
  if (o.windows !== undefined) out.calibrationWindows = o.windows;
  return out;
}

export async function diffuserCalibrate(o: CalibrateOptions): Promise<void> {
  const overrides = prunerOverrides(o);
  const target = o.out ?? o.checkpoint;
  if (o.out === undefined && !o.force)
    throw new Error(
      `diffuser calibrate replaces the thresholds of ${o.checkpoint}; pass --force to do so in place, or --out <dir> for a copy.`,
    );
  // In place too: saveGenerator swaps the whole directory, so it must hold nothing but a generator.
  checkGeneratorOutput(target, Boolean(o.force));
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
      const lengths = o.lengths ?? old.windowLengths;
      const generator = await withWindowLengths(
        old,
        data,
        lengths,
        (label, total, start) => board.add(label, total, start),
        overrides,
      );
      board.stop();
      const thresholds = generator.prunerThresholds;
      const calibration = generator.prunerCalibration;
      // An exported (sampling-only) generator stays one.
      saveGenerator(generator, target, {
        trainedOn: savedGeneratorTrainedOn(o.checkpoint),
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
