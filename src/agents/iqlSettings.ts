// Settings of IQL (Kostrikov et al. 2022), defaults from CORL's locomotion configuration as
// recorded in reference/hyperparameters.md (AntMaze: expectile 0.9, beta 10; its reward shift
// of -1 and the locomotion reward scaling are the offline loop's job).
import { z } from "zod";
import {
  activation,
  finiteNumber,
  hiddenSizes,
  MAX_BATCH_SIZE,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "./settingTypes.js";

export const iqlSettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]),
    criticHiddenSizes: hiddenSizes().default([256, 256]),
    valueHiddenSizes: hiddenSizes().default([256, 256]),
    activation: activation().default("relu"),
    actorLr: positiveNumber().default(3e-4),
    criticLr: positiveNumber().default(3e-4),
    valueLr: positiveNumber().default(3e-4),
    /** "cosine": the actor's rate decays to 0 over actorLrDecaySteps actor updates (CORL). */
    actorLrSchedule: oneOf(["cosine", "constant"] as const).default("cosine"),
    actorLrDecaySteps: positiveInt().default(1_000_000),
    gamma: unitInterval().default(0.99),
    tau: unitInterval().default(0.005),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    /** tau of the expectile regression of V on Q. */
    expectile: z
      .number({ invalid_type_error: "must be a number" })
      .gt(0, "must be in (0, 1)")
      .lt(1, "must be in (0, 1)")
      .default(0.7),
    /** beta, the inverse temperature of the advantage weights exp(beta A). */
    beta: positiveNumber().default(3),
    /** exp(beta A) is clipped at this. */
    maxAdvantageWeight: positiveNumber().default(100),
    numCritics: positiveInt().default(2),
    logStdMin: finiteNumber().default(-20),
    logStdMax: finiteNumber().default(2),
  })
  .strict()
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type IqlSettings = z.output<typeof iqlSettingsSchema>;
