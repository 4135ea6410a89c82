// Saving and loading a whole ATraDiff generator as one directory:
//   manifest.json                  format, settings, layout, step statistics, pruning thresholds (and
//                                  how they were calibrated), file names, the data it was trained on
//   lengthEstimator.safetensors    the length estimator (its settings and state statistics in the metadata)
//   plausibilityGate.safetensors   the plausibility gate's models and threshold, when it has one
//   diffuser-k<k>.safetensors      each window diffuser (weights, EMA, optimizer, normalizers, settings;
//                                  or, saved for sampling only, the EMA weights, normalizers and settings)
// Written atomically: everything goes into a fresh sibling directory first, which then replaces the
// old one by two renames, so a reader sees the old or the new generator, never a mix. A directory
// that exists but does not hold a generator is never replaced. Loading reads only files inside the
// directory (the manifest's names cannot lead out of it).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "../../nn/checkpoint.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { fileInside } from "../../util/fileInside.js";
import { writeOutputMarker } from "../../util/outputDirectory.js";
import {
  GENERATOR_FORMAT as FORMAT,
  generatorFromManifest,
  MANIFEST,
  type Manifest,
  manifestSettings,
  parseManifest,
  type TrainedOn,
} from "./generatorManifest.js";
import type { GeneratorSettings } from "./generatorSettings.js";
import type { TrajectoryGenerator } from "./trajectoryGenerator.js";

export type { TrainedOn };
export const ESTIMATOR_FILE = "lengthEstimator.safetensors";
export const GATE_FILE = "plausibilityGate.safetensors";

/** The files saveGenerator writes into a generator's directory (besides the output marker). */
export function isGeneratorFile(name: string): boolean {
  return (
    name === MANIFEST ||
    name === ESTIMATOR_FILE ||
    name === GATE_FILE ||
    /^diffuser-k\d+\.safetensors$/.test(name)
  );
}

let saveCounter = 0;

export function holdsGenerator(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest).format === FORMAT;
  } catch {
    return false;
  }
}

/** The settings a saved generator was made with, read from its manifest (no weights are loaded). */
export function savedGeneratorSettings(dir: string): GeneratorSettings {
  return manifestSettings(JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest);
}

/** The data a saved generator was trained on, or null when its manifest does not say. */
export function savedGeneratorTrainedOn(dir: string): TrainedOn | null {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as Manifest;
  return manifest.trainedOn ?? null;
}

/**
 * Writes the generator to `dir`, replacing a generator saved there before. With `samplingOnly`
 * each diffuser keeps only its EMA weights (about a quarter of the size; it samples the same, and
 * fine-tuning it starts with fresh optimizer moments).
 */
export function saveGenerator(
  generator: TrajectoryGenerator,
  dir: string,
  opts: { samplingOnly?: boolean; trainedOn?: TrainedOn | null } = {},
): void {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !holdsGenerator(dir))
    throw new Error(
      `${dir} exists and does not hold an ATraDiff generator; choose an empty or new directory.`,
    );
  saveCounter++;
  const incoming = join(dirname(dir), `.${basename(dir)}.incoming-${process.pid}-${saveCounter}`);
  rmSync(incoming, { recursive: true, force: true });
  mkdirSync(incoming, { recursive: true });
  try {
    saveCheckpoint(join(incoming, ESTIMATOR_FILE), generator.estimator.toCheckpoint());
    if (generator.gate) saveCheckpoint(join(incoming, GATE_FILE), generator.gate.toCheckpoint());
    const diffusers = generator.diffusers.map((d) => {
      const file = `diffuser-k${d.windowLength}.safetensors`;
      saveCheckpoint(join(incoming, file), d.toCheckpoint(opts));
      return { windowLength: d.windowLength, file };
    });
    const manifest: Manifest = {
      format: FORMAT,
      settings: generator.settings,
      layout: generator.layout,
      stepNormalizer: generator.stepNormalizer.toJson(),
      prunerThresholds: Object.fromEntries(generator.prunerThresholds),
      ...(generator.prunerCalibration.size > 0
        ? { prunerCalibration: Object.fromEntries(generator.prunerCalibration) }
        : {}),
      estimator: ESTIMATOR_FILE,
      ...(generator.gate ? { plausibilityGate: GATE_FILE } : {}),
      diffusers,
      ...(opts.trainedOn ? { trainedOn: opts.trainedOn } : {}),
    };
    writeFileAtomic(join(incoming, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    writeOutputMarker(incoming, "generator");
    if (existsSync(dir)) {
      const replaced = join(dirname(dir), `.${basename(dir)}.replaced-${process.pid}-${saveCounter}`);
      renameSync(dir, replaced);
      renameSync(incoming, dir);
      rmSync(replaced, { recursive: true, force: true });
    } else renameSync(incoming, dir);
  } catch (err) {
    rmSync(incoming, { recursive: true, force: true });
    throw err;
  }
}

/** A generator saved by saveGenerator; a missing or damaged directory fails with one sentence. */
export function loadGenerator(dir: string): TrajectoryGenerator {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) {
    const parent = dirname(dir);
    const leftover = existsSync(parent)
      ? readdirSync(parent).find((n) => n.startsWith(`.${basename(dir)}.replaced-`))
      : undefined;
    throw new Error(
      leftover
        ? `${dir} holds no generator: a save was interrupted, and the previous generator is in ${join(parent, leftover)}.`
        : `${dir} holds no ATraDiff generator (no ${MANIFEST}).`,
    );
  }
  const m = parseManifest(readFileSync(path, "utf8"), path);
  return generatorFromManifest(m, path, (name, field, fromCheckpoint) =>
    loadCheckpoint(fileInside(dir, name, path, field), fromCheckpoint),
  );
}
