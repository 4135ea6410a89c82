// The scale of `atradiff diffuser train`. "paper" is the generator schema's own defaults
// (generatorSettings.ts, diffusionSettings.ts: the paper's five diffusers k = 5..25, 100,000
// training steps each, SynthER's training and sampler), hours of CPU. "quick", the command's
// default, is a generator to try the method with, trained in minutes on 2 cores: fewer and
// shorter training runs of smaller networks, each number below a setting with its default. The
// demo and the experiment plans pin their own generator settings and use neither.
import { z } from "zod";
import { MAX_WIDTH, positiveInt } from "../../agents/settingTypes.js";
import { MAX_WINDOW_LENGTH } from "../generatorSettings.js";

export const DIFFUSER_TRAIN_SCALES = ["quick", "paper"] as const;
export type DiffuserTrainScale = (typeof DIFFUSER_TRAIN_SCALES)[number];

export const quickScaleSchema = z
  .object({
    /** Two diffusers, k = 5 and 10: the short windows, which also replay closest to the simulator. */
    windowLengths: z.array(positiveInt(MAX_WINDOW_LENGTH)).default([5, 10]),
    /** Training steps per diffuser. */
    diffuserSteps: positiveInt().default(1500),
    /** The temporal denoiser's width per window step. */
    denoiserWidth: positiveInt(MAX_WIDTH).default(64),
    /** The temporal denoiser's residual blocks. */
    denoiserDepth: positiveInt().default(2),
    /** Training steps of the length estimator. */
    estimatorSteps: positiveInt().default(1000),
    /** Training steps of the plausibility gate's models. */
    gateSteps: positiveInt().default(500),
    /** Start states per window length that calibrate the pruner. */
    calibrationWindows: positiveInt().default(64),
  })
  .strict();

export type QuickScale = z.output<typeof quickScaleSchema>;

/** The generator settings of the quick scale, as an input to generatorSettingsSchema. */
export function quickScaleSettings(quick: QuickScale = quickScaleSchema.parse({})): Record<string, unknown> {
  return {
    windowLengths: quick.windowLengths,
    diffusion: {
      denoiser: { temporal: { width: quick.denoiserWidth, depth: quick.denoiserDepth } },
      training: { totalSteps: quick.diffuserSteps },
    },
    estimator: { steps: quick.estimatorSteps },
    plausibilityGate: { steps: quick.gateSteps },
    pruner: { calibrationWindows: quick.calibrationWindows },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `over` laid on `under`, nested objects merged key by key (over wins; arrays are replaced). */
function overlay(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over))
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? overlay(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/**
 * The generator settings `given` (--settings) at `scale`: what they set wins, the rest is the
 * scale's. A residual-MLP denoiser chosen in `given` keeps its own (paper) widths.
 */
export function scaledSettings(scale: string, given: Record<string, unknown>): Record<string, unknown> {
  if (!(DIFFUSER_TRAIN_SCALES as readonly string[]).includes(scale))
    throw new Error(`--scale must be ${DIFFUSER_TRAIN_SCALES.join(" or ")}, got "${scale}".`);
  return scale === "paper" ? given : overlay(quickScaleSettings(), given);
}
