// Settings of behavior cloning: a policy fit to the dataset's actions, by mean squared error (a
// deterministic tanh actor, CORL's BC) or by Gaussian log-likelihood (the Gaussian actor of IQL).
import { z } from "zod";
import {
  activation,
  finiteNumber,
  hiddenSizes,
  MAX_BATCH_SIZE,
  oneOf,
  positiveInt,
  positiveNumber,
} from "./settingTypes.js";

export const bcSettingsSchema = z
  .object({
    hiddenSizes: hiddenSizes().default([256, 256]),
    activation: activation().default("relu"),
    lr: positiveNumber().default(3e-4),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    loss: oneOf(["mse", "gaussian"] as const).default("mse"),
    /** Only for loss "gaussian". */
    logStdMin: finiteNumber().default(-20),
    logStdMax: finiteNumber().default(2),
  })
  .strict()
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type BcSettings = z.output<typeof bcSettingsSchema>;
