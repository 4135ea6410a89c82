// The scale of `atradiff diffuser train`. "paper" is the generator schema's own defaults
// (generatorSettings.ts, diffusionSettings.ts: the paper's five diffusers k = 5..25, 100,000
// training steps each, SynthER's training and sampler), hours of CPU. "quick", the command's
// default, is a generator to try the method with, trained in minutes on 2 cores: fewer and
// shorter training runs of smaller networks, each number below a setting with its default. The
// demo trains the quick scale with more steps and fewer sampler steps (pipeline/demoPlan.ts); the
// central claim pins its own settings on the generator schema's defaults (centralClaimPlan.ts).
import type { z } from "zod";
import { quickScaleSchema } from "../../settings/generator.js";

export { quickScaleSchema };

export const DIFFUSER_TRAIN_SCALES = ["quick", "paper"] as const;
export type DiffuserTrainScale = (typeof DIFFUSER_TRAIN_SCALES)[number];

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
