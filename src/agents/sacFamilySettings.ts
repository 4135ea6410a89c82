// Settings of the maximum-entropy actor-critic family: SAC (Haarnoja et al. 2018), REDQ (Chen et
// al. 2021) and RLPD (Ball et al. 2023) are one algorithm with different settings. Defaults follow
// reference/hyperparameters.md; the presets below hold each method's published values.
import { z } from "zod";
import {
  activation,
  finiteNumber,
  hiddenSizes,
  MAX_BATCH_SIZE,
  nonNegativeInt,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "./settingTypes.js";

export const sacFamilySettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]),
    criticHiddenSizes: hiddenSizes().default([256, 256]),
    activation: activation().default("relu"),
    actorLr: positiveNumber().default(3e-4),
    criticLr: positiveNumber().default(3e-4),
    temperatureLr: positiveNumber().default(3e-4),
    gamma: unitInterval().default(0.99),
    /** Polyak rate of the target critics: target = (1 - tau) target + tau critic. */
    tau: unitInterval().default(0.005),
    /**
     * batchSize and randomSteps are not read by the agent: the caller's loop picks its batches and
     * when to start updating (`atradiff train` takes --batch-size and --random-start-steps, and
     * refuses them here). Kept in the schema so that checkpoints and policies saved with them load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    randomSteps: nonNegativeInt().default(5000),
    /** Update-to-data ratio G: critic updates per env step (the loop calls update() G times). */
    updatesPerStep: positiveInt().default(1),
    /** N: critics in the ensemble. */
    numCritics: positiveInt().default(2),
    /** M: critics drawn (without replacement, from the agent's Rng) for the min in the target. */
    numTargetCritics: positiveInt().default(2),
    /** LayerNorm after each hidden dense layer of the critics (RLPD). */
    criticLayerNorm: z.boolean({ invalid_type_error: "must be true or false" }).default(false),
    /** How the actor's loss combines the N critics: SAC takes the min, REDQ and RLPD the mean. */
    actorCriticReduction: oneOf(["min", "mean"] as const).default("min"),
    /** Initial entropy temperature alpha. */
    initialTemperature: positiveNumber().default(1),
    /** false: alpha stays at initialTemperature. */
    learnTemperature: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    /** The entropy target; null: targetEntropyPerActionDim * |A|. */
    targetEntropy: finiteNumber().nullable().default(null),
    /** SAC: -1 (target -|A|); RLPD: -0.5 (target -|A|/2). */
    targetEntropyPerActionDim: finiteNumber().default(-1),
    /**
     * The temperature loss: "logAlpha" is -log(alpha) (log pi + H) as in the SAC/REDQ PyTorch code;
     * "alpha" is alpha (-log pi - H) as in RLPD's code. Same fixed point, different step sizes.
     */
    temperatureLoss: oneOf(["logAlpha", "alpha"] as const).default("logAlpha"),
    /** Subtract alpha log pi(a'|s') in the critic target (RLPD turns it off on AntMaze). */
    backupEntropy: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    logStdMin: finiteNumber().default(-20),
    logStdMax: finiteNumber().default(2),
  })
  .strict()
  .refine((s) => s.numTargetCritics <= s.numCritics, {
    message: "must not exceed numCritics",
    path: ["numTargetCritics"],
  })
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type SacFamilySettings = z.output<typeof sacFamilySettingsSchema>;
export type SacFamilySettingsInput = z.input<typeof sacFamilySettingsSchema>;

/** SAC: twin critics, min over both in the target and in the actor loss, UTD 1, target entropy -|A|. */
export const SAC_PRESET: SacFamilySettingsInput = {};

/** REDQ (Chen et al. 2021): N = 10, M = 2, UTD 20, actor on the mean of all N critics. */
export const REDQ_PRESET: SacFamilySettingsInput = {
  numCritics: 10,
  numTargetCritics: 2,
  updatesPerStep: 20,
  actorCriticReduction: "mean",
};

/**
 * RLPD (Ball et al. 2023): REDQ-style ensemble of 10 with LayerNorm critics, 2 drawn for the min
 * (set numTargetCritics 1 on AntMaze), UTD 20, initial temperature 1, target entropy -|A|/2,
 * RLPD's temperature loss; backupEntropy false on AntMaze. Symmetric sampling (every batch half
 * offline, half online) is the training loop's job: the caller passes the mixed batch to update().
 */
export const RLPD_PRESET: SacFamilySettingsInput = {
  numCritics: 10,
  numTargetCritics: 2,
  criticLayerNorm: true,
  updatesPerStep: 20,
  actorCriticReduction: "mean",
  initialTemperature: 1,
  targetEntropyPerActionDim: -0.5,
  temperatureLoss: "alpha",
};

/**
 * REDQ's target entropies for MuJoCo tasks, taken from MBPO (Janner et al. 2019) as the REDQ code
 * does; other envs get -|A|.
 */
export const MBPO_TARGET_ENTROPY: Readonly<Record<string, number>> = {
  hopper: -1,
  halfcheetah: -3,
  walker2d: -3,
  ant: -4,
};

export function mbpoTargetEntropy(envId: string, actDim: number): number {
  return MBPO_TARGET_ENTROPY[envId] ?? -actDim;
}
