// A saved generator's manifest (manifest.json; generatorCheckpoint.ts writes the directory) and
// building the generator from it and its checkpoints, wherever their bytes come from: files in Node
// (loadGenerator), or a page's fetched files (generatorFromFiles), in Node and browsers alike.
import { withSavedDenoiserDefaults } from "../../diffusion/diffusionSettings.js";
import { Normalizer } from "../../diffusion/normalizer.js";
import { decodeSafetensors, type SafetensorsContent } from "../../nn/safetensors.js";
import type { WindowLayout } from "../windows/windowLayout.js";
import { type GeneratorSettings, parseGeneratorSettings } from "./generatorSettings.js";
import { LengthEstimator } from "./lengthEstimator.js";
import { PlausibilityGate } from "./plausibilityGate.js";
import type { PrunerCalibration } from "./prunerCalibration.js";
import { TrajectoryGenerator } from "./trajectoryGenerator.js";
import { WindowDiffuser } from "./windowDiffuser.js";

export const GENERATOR_FORMAT = "atradiff-generator-v1";
export const MANIFEST = "manifest.json";

export interface Manifest {
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

/** The manifest in `text`, checked; `source` names it in errors. */
export function parseManifest(text: string, source: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new Error(`The generator manifest ${source} is not valid JSON.`);
  }
  if (m?.format !== GENERATOR_FORMAT)
    throw new Error(
      `${source} is not an ATraDiff generator manifest (its format is "${m?.format ?? "unknown"}").`,
    );
  if (!Array.isArray(m.diffusers) || typeof m.prunerThresholds !== "object" || m.prunerThresholds === null)
    throw new Error(`The generator manifest ${source} lacks its diffuser list or pruning thresholds.`);
  return m;
}

/**
 * The manifest's settings as the version that wrote them meant them: the denoiser of a generator
 * saved before it had an architecture was the flat MLP (withSavedWindowDenoiser), a generator
 * saved before states could be stored as changes stores them absolutely, one saved before next
 * states could come from the one-step models keeps them as diffused, and a generator saved
 * without a gate (before gates existed) has it off.
 */
export function manifestSettings(m: Manifest): GeneratorSettings {
  const settings = savedGeneratorSettings(m.settings);
  if (m.plausibilityGate === undefined && settings.plausibilityGate.enabled)
    return { ...settings, plausibilityGate: { ...settings.plausibilityGate, enabled: false } };
  return settings;
}

/**
 * Generator settings saved by any version (a manifest's, or a partial training's record), read as
 * the version that wrote them meant them (see manifestSettings).
 */
export function savedGeneratorSettings(saved: unknown): GeneratorSettings {
  return parseGeneratorSettings(withSavedNextStates(withSavedStateEncoding(withSavedWindowDenoiser(saved))));
}

/** A manifest's settings with its diffusers' denoiser as the version that wrote it meant it. */
function withSavedWindowDenoiser(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null) return settings;
  const s = settings as { diffusion?: unknown };
  return { ...s, diffusion: withSavedDenoiserDefaults(s.diffusion ?? {}) };
}

/** A manifest's settings with the state encoding of a generator saved before it was a setting: absolute. */
function withSavedStateEncoding(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null || "stateEncoding" in settings) return settings;
  return { ...settings, stateEncoding: "absolute" };
}

/** A manifest's settings with the next states of a generator saved before they were a setting: diffused. */
function withSavedNextStates(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null || "nextStates" in settings) return settings;
  return { ...settings, nextStates: "diffused" };
}

/** Reads the checkpoint the manifest names in `field` (e.g. '"estimator"') and makes its model. */
export type CheckpointReader = <T>(
  name: unknown,
  field: string,
  fromCheckpoint: (content: SafetensorsContent, source: string) => T,
) => T;

/** The generator a checked manifest describes, its models read by `read`; `source` names the manifest. */
export function generatorFromManifest(
  m: Manifest,
  source: string,
  read: CheckpointReader,
): TrajectoryGenerator {
  const settings = manifestSettings(m);
  const stepNormalizer = Normalizer.fromJson(m.stepNormalizer, `The step statistics in ${source}`);
  const estimator = read(m.estimator, '"estimator"', LengthEstimator.fromCheckpoint);
  const diffusers: WindowDiffuser[] = [];
  let gate: PlausibilityGate | null = null;
  try {
    if (m.plausibilityGate !== undefined)
      gate = read(m.plausibilityGate, '"plausibilityGate"', PlausibilityGate.fromCheckpoint);
    m.diffusers.forEach((d, i) => {
      diffusers.push(read(d?.file, `"diffusers[${i}].file"`, WindowDiffuser.fromCheckpoint));
    });
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

/**
 * A generator from the files of its saved directory, given as bytes by name (manifest.json and the
 * safetensors files it names), e.g. fetched by a page. `name` names the generator in errors.
 */
export function generatorFromFiles(
  files: ReadonlyMap<string, ArrayBuffer | Uint8Array> | Readonly<Record<string, ArrayBuffer | Uint8Array>>,
  name = "the generator",
): TrajectoryGenerator {
  const byName = files instanceof Map ? files : new Map(Object.entries(files));
  const bytes = (file: string): Uint8Array | null => {
    const b = byName.get(file);
    return b === undefined ? null : b instanceof Uint8Array ? b : new Uint8Array(b);
  };
  const manifestBytes = bytes(MANIFEST);
  if (!manifestBytes) throw new Error(`The files of ${name} have no ${MANIFEST}.`);
  const source = `${name}/${MANIFEST}`;
  const manifest = parseManifest(new TextDecoder().decode(manifestBytes), source);
  return generatorFromManifest(manifest, source, (file, field, fromCheckpoint) => {
    const b = typeof file === "string" ? bytes(file) : null;
    if (!b) throw new Error(`${field} in ${source} is ${JSON.stringify(file)}, but no such file was given.`);
    const path = `${name}/${file}`;
    return fromCheckpoint(decodeSafetensors(b, path), path);
  });
}
