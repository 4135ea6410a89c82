// Zod building blocks for every settings schema, each with the phrase an error sentence needs
// ("setting "gamma" must be in [0, 1]"), and the upper bounds of counts, widths and batches.
import { z } from "zod";

export const positiveNumber = () =>
  z.number({ invalid_type_error: "must be a number" }).finite("must be finite").positive("must be positive");

export const nonNegativeNumber = () =>
  z.number({ invalid_type_error: "must be a number" }).min(0, "must be at least 0");

export const finiteNumber = () =>
  z.number({ invalid_type_error: "must be a number" }).finite("must be finite");

export const unitInterval = () =>
  z
    .number({ invalid_type_error: "must be a number" })
    .min(0, "must be in [0, 1]")
    .max(1, "must be in [0, 1]");

/**
 * The upper bound of every count setting that has no tighter one (steps, sizes, capacities, seeds
 * of a count): a billion. Nothing here counts that far on a CPU (a billion env steps take years),
 * and a larger value is a typo that would otherwise fail deep inside, after directories were made.
 */
export const MAX_COUNT = 1_000_000_000;

/**
 * The widest layer of any network (MLP hidden sizes, a denoiser's width): 8192. One such square
 * layer is 256 MiB of weights, four copies with Adam's moments and the gradient 1 GiB, a quarter of
 * the engine's 4 GiB of WebAssembly memory; the paper's widest is 2048.
 */
export const MAX_WIDTH = 8192;

/**
 * Rows of one training batch: 65,536. The paper's batches are 256 (agents) to 1024; activations grow
 * with the batch times the width, and 65,536 rows of a 2048-wide network already take 0.5 GiB per layer.
 */
export const MAX_BATCH_SIZE = 65_536;

/**
 * Steps of a diffusion sampler: 10,000. EDM's Heun sampler converges within a few hundred (the
 * paper's 128; 16 or 32 are usable); each step is two denoiser calls over every trajectory.
 */
export const MAX_SAMPLER_STEPS = 10_000;

/** A seed costs nothing whatever its size: any integer that a double holds exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Residual blocks of a denoiser: 64 (the paper's 6; each block is one more square layer). */
export const MAX_DEPTH = 64;

const atMost = (max: number) => `must be at most ${max.toLocaleString("en-US")}`;

export const positiveInt = (max = MAX_COUNT) =>
  z
    .number({ invalid_type_error: "must be an integer" })
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(max, atMost(max));

export const nonNegativeInt = (max = MAX_COUNT) =>
  z
    .number({ invalid_type_error: "must be an integer" })
    .int("must be an integer")
    .min(0, "must be at least 0")
    .max(max, atMost(max));

/** Hidden layer widths, e.g. [256, 256]. */
export const hiddenSizes = () =>
  z
    .array(positiveInt(MAX_WIDTH), { invalid_type_error: "must be a list of layer widths" })
    .min(1, "must list at least one hidden layer");

export const ACTIVATIONS = ["relu", "silu", "mish", "tanh"] as const;
export const activation = () =>
  z.enum(ACTIVATIONS, { errorMap: () => ({ message: `must be one of ${ACTIVATIONS.join(", ")}` }) });

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: `must be one of ${values.join(", ")}` }) });
