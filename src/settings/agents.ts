// Every agent's settings: SAC, REDQ and RLPD (one algorithm, different settings), TD3+BC, IQL and
// behavior cloning. Defaults follow reference/hyperparameters.md; each agent file holds its presets.
import { z } from "zod";
import {
  activation,
  finiteNumber,
  hiddenSizes,
  MAX_BATCH_SIZE,
  nonNegativeInt,
  nonNegativeNumber,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "./types.js";

export const sacFamilySettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of the actor."),
    criticHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of each critic."),
    activation: activation().default("relu").describe("Activation of the hidden layers."),
    actorLr: positiveNumber().default(3e-4).describe("Adam learning rate of the actor."),
    criticLr: positiveNumber().default(3e-4).describe("Adam learning rate of the critics."),
    temperatureLr: positiveNumber()
      .default(3e-4)
      .describe("Adam learning rate of the entropy temperature alpha."),
    gamma: unitInterval().default(0.99).describe("Discount factor."),
    tau: unitInterval()
      .default(0.005)
      .describe("Polyak rate of the target critics: target = (1 - tau) target + tau critic."),
    /**
     * batchSize and randomSteps are not read by the agent: the caller's loop picks its batches and
     * when to start updating (`atradiff train` takes --batch-size and --random-start-steps, and
     * refuses them here). Kept in the schema so that checkpoints and policies saved with them load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE)
      .default(256)
      .describe("Not read by the agent (the run's batchSize decides); kept so saved checkpoints load."),
    randomSteps: nonNegativeInt()
      .default(5000)
      .describe(
        "Not read by the agent (the run's randomStartSteps decides); kept so saved checkpoints load.",
      ),
    updatesPerStep: positiveInt()
      .default(1)
      .describe("Update-to-data ratio G: critic updates per env step (the loop calls update() G times)."),
    numCritics: positiveInt().default(2).describe("N: critics in the ensemble."),
    numTargetCritics: positiveInt()
      .default(2)
      .describe("M: critics drawn (without replacement, from the agent's Rng) for the min in the target."),
    criticLayerNorm: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(false)
      .describe("LayerNorm after each hidden dense layer of the critics (RLPD)."),
    actorCriticReduction: oneOf(["min", "mean"] as const)
      .default("min")
      .describe("How the actor's loss combines the N critics: SAC takes the min, REDQ and RLPD the mean."),
    initialTemperature: positiveNumber().default(1).describe("Initial entropy temperature alpha."),
    learnTemperature: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("false: alpha stays at initialTemperature."),
    targetEntropy: finiteNumber()
      .nullable()
      .default(null)
      .describe("The entropy target; null: targetEntropyPerActionDim * |A|."),
    targetEntropyPerActionDim: finiteNumber()
      .default(-1)
      .describe("SAC: -1 (target -|A|); RLPD: -0.5 (target -|A|/2)."),
    /**
     * The temperature loss: "logAlpha" is -log(alpha) (log pi + H) as in the SAC/REDQ PyTorch code;
     * "alpha" is alpha (-log pi - H) as in RLPD's code. Same fixed point, different step sizes.
     */
    temperatureLoss: oneOf(["logAlpha", "alpha"] as const)
      .default("logAlpha")
      .describe("Temperature loss: logAlpha (SAC/REDQ code) or alpha (RLPD code); same fixed point."),
    backupEntropy: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("Subtract alpha log pi(a'|s') in the critic target (RLPD turns it off on AntMaze)."),
    logStdMin: finiteNumber().default(-20).describe("Lower clamp of the actor's log standard deviation."),
    logStdMax: finiteNumber().default(2).describe("Upper clamp of the actor's log standard deviation."),
  })
  .strict()
  .refine((s) => s.numTargetCritics <= s.numCritics, {
    message: "must not exceed numCritics",
    path: ["numTargetCritics"],
  })
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type SacFamilySettings = z.output<typeof sacFamilySettingsSchema>;
export type SacFamilySettingsInput = z.input<typeof sacFamilySettingsSchema>;

export const td3bcSettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of the actor."),
    criticHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of each critic."),
    activation: activation().default("relu").describe("Activation of the hidden layers."),
    actorLr: positiveNumber().default(3e-4).describe("Adam learning rate of the actor."),
    criticLr: positiveNumber().default(3e-4).describe("Adam learning rate of the critics."),
    gamma: unitInterval().default(0.99).describe("Discount factor."),
    tau: unitInterval().default(0.005).describe("Polyak rate of the target networks."),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE)
      .default(256)
      .describe("Not read by the agent (the run's batchSize decides); kept so saved checkpoints load."),
    alpha: positiveNumber().default(2.5).describe("The BC weight: lambda = alpha / mean |Q(s, pi(s))|."),
    /** Target policy smoothing: noise std and clip, in action units (max action 1). */
    policyNoise: nonNegativeNumber()
      .default(0.2)
      .describe("Target policy smoothing: noise std, in action units."),
    noiseClip: nonNegativeNumber()
      .default(0.5)
      .describe("Target policy smoothing: the noise is clipped to this, in action units."),
    policyDelay: positiveInt()
      .default(2)
      .describe("Actor and target updates every this many critic updates."),
    numCritics: positiveInt().default(2).describe("Critics (twin Q)."),
    /** act() without `deterministic` adds N(0, explorationNoise^2) to each action (TD3's exploration). */
    explorationNoise: nonNegativeNumber()
      .default(0.1)
      .describe("Std of the Gaussian noise act() adds without `deterministic` (TD3's exploration)."),
  })
  .strict();

export type Td3bcSettings = z.output<typeof td3bcSettingsSchema>;

/** IQL (Kostrikov et al. 2022), defaults from CORL's locomotion configuration (AntMaze: expectile 0.9, beta 10). */
export const iqlSettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of the actor."),
    criticHiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of each critic."),
    valueHiddenSizes: hiddenSizes()
      .default([256, 256])
      .describe("Hidden layer widths of the value network V."),
    activation: activation().default("relu").describe("Activation of the hidden layers."),
    actorLr: positiveNumber().default(3e-4).describe("Adam learning rate of the actor."),
    criticLr: positiveNumber().default(3e-4).describe("Adam learning rate of the critics."),
    valueLr: positiveNumber().default(3e-4).describe("Adam learning rate of V."),
    actorLrSchedule: oneOf(["cosine", "constant"] as const)
      .default("cosine")
      .describe('"cosine": the actor\'s rate decays to 0 over actorLrDecaySteps actor updates (CORL).'),
    actorLrDecaySteps: positiveInt()
      .default(1_000_000)
      .describe("Actor updates over which the cosine schedule decays the actor's rate to 0."),
    gamma: unitInterval().default(0.99).describe("Discount factor."),
    tau: unitInterval().default(0.005).describe("Polyak rate of the target critics."),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE)
      .default(256)
      .describe("Not read by the agent (the run's batchSize decides); kept so saved checkpoints load."),
    /** tau of the expectile regression of V on Q. */
    expectile: z
      .number({ invalid_type_error: "must be a number" })
      .gt(0, "must be in (0, 1)")
      .lt(1, "must be in (0, 1)")
      .default(0.7)
      .describe("tau of the expectile regression of V on Q."),
    beta: positiveNumber()
      .default(3)
      .describe("beta, the inverse temperature of the advantage weights exp(beta A)."),
    maxAdvantageWeight: positiveNumber().default(100).describe("exp(beta A) is clipped at this."),
    numCritics: positiveInt().default(2).describe("Critics (twin Q)."),
    logStdMin: finiteNumber().default(-20).describe("Lower clamp of the actor's log standard deviation."),
    logStdMax: finiteNumber().default(2).describe("Upper clamp of the actor's log standard deviation."),
  })
  .strict()
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type IqlSettings = z.output<typeof iqlSettingsSchema>;

/** Behavior cloning: MSE on a deterministic tanh actor (CORL's BC) or Gaussian log-likelihood. */
export const bcSettingsSchema = z
  .object({
    hiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of the policy."),
    activation: activation().default("relu").describe("Activation of the hidden layers."),
    lr: positiveNumber().default(3e-4).describe("Adam learning rate."),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE)
      .default(256)
      .describe("Not read by the agent (the run's batchSize decides); kept so saved checkpoints load."),
    loss: oneOf(["mse", "gaussian"] as const)
      .default("mse")
      .describe(
        "mse: a deterministic tanh actor (CORL's BC); gaussian: Gaussian log-likelihood (IQL's actor).",
      ),
    logStdMin: finiteNumber().default(-20).describe('Only for loss "gaussian".'),
    logStdMax: finiteNumber()
      .default(2)
      .describe('Only for loss "gaussian": upper clamp of the log standard deviation.'),
  })
  .strict()
  .refine((s) => s.logStdMin < s.logStdMax, { message: "must be below logStdMax", path: ["logStdMin"] });

export type BcSettings = z.output<typeof bcSettingsSchema>;
