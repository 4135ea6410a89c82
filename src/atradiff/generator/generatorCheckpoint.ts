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
import { withSavedDenoiserDefaults } from "../../diffusion/diffusionSettings.js";
import { Normalizer } from "../../diffusion/normalizer.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { fileInside } from "../../util/fileInside.js";
import { writeOutputMarker } from "../../util/outputDirectory.js";
import type { WindowLayout } from "../windows/windowLayout.js";
import { type GeneratorSettings, parseGeneratorSettings } from "./generatorSettings.js";
import { LengthEstimator } from "./lengthEstimator.js";
import { PlausibilityGate } from "./plausibilityGate.js";
import type { PrunerCalibration } from "./prunerCalibration.js";
import { TrajectoryGenerator } from "./trajectoryGenerator.js";
import { WindowDiffuser } from "./windowDiffuser.js";

const FORMAT = "atradiff-generator-v1";
const MANIFEST = "manifest.json";
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

interface Manifest {
  format: string;
  settings: unknown;
  layout: WindowLayout;
  stepNormalizer: unknown;
  prunerThresholds: Record<string, number>;
  /** Absent in generators saved before calibrations were recorded. */
  prunerCalibration?: Record<string, PrunerCalibration>;
  estimator: string;
  /** The plausibility gate's file; absent when the generator has none (off, or saved before gates). */
  plausibilityGate?: string;
  diffusers: { windowLength: number; file: string }[];
  /** Absent in generators saved before it was recorded. */
  trainedOn?: TrainedOn;
}

/** The data a generator was trained on, as the training was given it. */
export interface TrainedOn {
  dataset: string;
  transitions: number;
  /** The dataset file's SHA-256; absent when not recorded (older generators, in-memory data). */
  sha256?: string;
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

/**
 * The manifest's settings as the version that wrote them meant them: the denoiser of a generator
 * saved before it had an architecture was the flat MLP (withSavedWindowDenoiser), and a generator
 * saved without a gate (before gates existed) has it off.
 */
function manifestSettings(m: Manifest): GeneratorSettings {
  const settings = parseGeneratorSettings(withSavedWindowDenoiser(m.settings));
  if (m.plausibilityGate === undefined && settings.plausibilityGate.enabled)
    return { ...settings, plausibilityGate: { ...settings.plausibilityGate, enabled: false } };
  return settings;
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
    generator.estimator.save(join(incoming, ESTIMATOR_FILE));
    generator.gate?.save(join(incoming, GATE_FILE));
    const diffusers = generator.diffusers.map((d) => {
      const file = `diffuser-k${d.windowLength}.safetensors`;
      d.save(join(incoming, file), opts);
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
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    throw new Error(`The generator manifest ${path} is not valid JSON.`);
  }
  if (m?.format !== FORMAT)
    throw new Error(
      `${path} is not an ATraDiff generator manifest (its format is "${m?.format ?? "unknown"}").`,
    );
  if (!Array.isArray(m.diffusers) || typeof m.prunerThresholds !== "object" || m.prunerThresholds === null)
    throw new Error(`The generator manifest ${path} lacks its diffuser list or pruning thresholds.`);
  const settings = manifestSettings(m);
  const stepNormalizer = Normalizer.fromJson(m.stepNormalizer, `The step statistics in ${path}`);
  const estimatorPath = fileInside(dir, m.estimator, path, '"estimator"');
  const diffuserPaths = m.diffusers.map((d, i) => fileInside(dir, d?.file, path, `"diffusers[${i}].file"`));
  const estimator = LengthEstimator.load(estimatorPath);
  const diffusers: WindowDiffuser[] = [];
  let gate: PlausibilityGate | null = null;
  try {
    if (m.plausibilityGate !== undefined)
      gate = PlausibilityGate.load(fileInside(dir, m.plausibilityGate, path, '"plausibilityGate"'));
    for (const p of diffuserPaths) diffusers.push(WindowDiffuser.load(p));
    return new TrajectoryGenerator({
      settings,
      layout: m.layout,
      stepNormalizer,
      estimator,
      diffusers,
      gate,
      prunerThresholds: new Map(Object.entries(m.prunerThresholds).map(([k, t]) => [Number(k), t])),
      prunerCalibration: new Map(Object.entries(m.prunerCalibration ?? {}).map(([k, c]) => [Number(k), c])),
    });
  } catch (err) {
    estimator.dispose();
    gate?.dispose();
    for (const d of diffusers) d.dispose();
    throw err;
  }
}

/** A manifest's settings with its diffusers' denoiser as the version that wrote it meant it. */
function withSavedWindowDenoiser(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null) return settings;
  const s = settings as { diffusion?: unknown };
  return { ...s, diffusion: withSavedDenoiserDefaults(s.diffusion ?? {}) };
}
