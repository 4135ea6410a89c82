// Zod building blocks for agent settings, each with the phrase an error sentence needs
// ("setting "gamma" must be in [0, 1]").
import { z } from "zod";

export const positiveNumber = () =>
  z.number({ invalid_type_error: "must be a number" }).finite("must be finite").positive("must be positive");

export const finiteNumber = () =>
  z.number({ invalid_type_error: "must be a number" }).finite("must be finite");

export const unitInterval = () =>
  z
    .number({ invalid_type_error: "must be a number" })
    .min(0, "must be in [0, 1]")
    .max(1, "must be in [0, 1]");

export const positiveInt = () =>
  z
    .number({ invalid_type_error: "must be an integer" })
    .int("must be an integer")
    .min(1, "must be at least 1");

export const nonNegativeInt = () =>
  z
    .number({ invalid_type_error: "must be an integer" })
    .int("must be an integer")
    .min(0, "must be at least 0");

/** Hidden layer widths, e.g. [256, 256]. */
export const hiddenSizes = () =>
  z
    .array(positiveInt(), { invalid_type_error: "must be a list of layer widths" })
    .min(1, "must list at least one hidden layer");

export const ACTIVATIONS = ["relu", "silu", "mish", "tanh"] as const;
export const activation = () =>
  z.enum(ACTIVATIONS, { errorMap: () => ({ message: `must be one of ${ACTIVATIONS.join(", ")}` }) });

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: `must be one of ${values.join(", ")}` }) });
