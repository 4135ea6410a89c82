// Every setting of the ATraDiff generator (ATraDiff §4.1, reference/method.md §2-3). The diffusion
// part defaults to SynthER's denoiser and training; the numbers the paper leaves open (estimator
// network, pruning threshold, terminal handling) are settings here with their documented defaults.
import { z } from "zod";
import { windowDiffusionSettingsSchema } from "./diffusion.js";
import {
  activation,
  finiteNumber,
  hiddenSizes,
  MAX_BATCH_SIZE,
  MAX_WIDTH,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "./types.js";

/** How the first state's columns are held at the given start state while sampling (diffusion/inpainting.ts). */
export const INPAINT_MODES = ["noised", "clean", "end"] as const;
/**
 * How a window diffuser treats the window's first state, which sampling always knows: "given"
 * (trained clean at noise level 0 and left out of the loss, then held exactly; diffusion/edmLoss.ts)
 * or "inpainted" (noised like the rest in training and held by inpaintMode while sampling: the paper).
 */
export const START_STATE_MODES = ["given", "inpainted"] as const;

/** How a window's states are stored in the diffusers' rows (atradiff/windows/stateDeltas.ts). */
export const STATE_ENCODINGS = ["absolute", "delta"] as const;
export type StateEncoding = (typeof STATE_ENCODINGS)[number];
/** Where a generated trajectory's next states and rewards come from (oneStepModelStates.ts). */
export const NEXT_STATE_SOURCES = ["diffused", "modelRollout", "modelStep"] as const;
export type NextStateSource = (typeof NEXT_STATE_SOURCES)[number];

/**
 * The length estimator (§4.1): an MLP from the state (and task prompt) to the log of the remaining
 * number of steps, capped at the largest window length (lengthEstimator.ts says why).
 */
export const lengthEstimatorSettingsSchema = z
  .object({
    hiddenSizes: hiddenSizes().default([256, 256]).describe("Hidden layer widths of the estimator's MLP."),
    activation: activation().default("relu").describe("Activation of the hidden layers."),
    lr: positiveNumber().default(3e-4).describe("Adam, as the project's other MLPs (SAC, BC)."),
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256).describe("States per training step."),
    steps: positiveInt().default(10_000).describe("Adam steps of its training."),
  })
  .strict();

/**
 * The pruner (§4.1). threshold "calibrate": one threshold per window length, placed between the
 * prefix/suffix gaps of windows that should be kept whole and those that should be cut
 * (prunerCalibration.ts), measured on windows the trained diffuser generates ("generated", the
 * default) or on the real training windows ("real"). A generated calibration whose balanced error
 * exceeds maxGeneratedError tells the two kinds apart no better than a weak guess; the real windows'
 * threshold is used instead, so that clean windows stay whole (§4.1), and the calibration records
 * it. A number: that threshold for every window length (in units of the per-dimension-standardized
 * state distance, stateSimilarity.ts).
 */
export const prunerSettingsSchema = z
  .object({
    threshold: z
      .union([
        z.literal("calibrate"),
        z.number({ invalid_type_error: 'must be "calibrate" or a number' }).finite().min(0),
      ])
      .default("calibrate")
      .describe('"calibrate": one threshold per window length, measured; a number: that threshold for all.'),
    calibrateOn: oneOf(["generated", "real"] as const)
      .default("generated")
      .describe("Calibrate on windows the trained diffuser generates, or on the real training windows."),
    /**
     * The largest balanced error (mean of the padded windows' miss rate and the clean windows' cut
     * rate; 0.5 is chance) at which a calibration on generated windows is trusted.
     */
    maxGeneratedError: unitInterval()
      .default(0.25)
      .describe(
        "Largest balanced error (0.5 is chance) at which a calibration on generated windows is trusted.",
      ),
    gapWeighting: oneOf(["changePoint", "none"] as const)
      .default("changePoint")
      .describe(
        '"changePoint": gaps weighted by sqrt(c (k - c) / k); "none": the paper\'s plain gap (pruner.ts).',
      ),
    calibrationWindows: positiveInt()
      .default(256)
      .describe("Start states of each kind (padded, clean) drawn per window length for the calibration."),
  })
  .strict();

/**
 * The plausibility gate (ours; plausibilityGate.ts): an ensemble of one-step models
 * (s, a) -> (s' - s, r), trained on the generator's offline data, cuts a generated trajectory
 * before its first step whose ensemble-mean prediction error (per-dimension standardized, averaged
 * over the output dimensions) is beyond the thresholdQuantile of the error on held-out real
 * transitions, times thresholdScale. enabled false: no gate (the paper exactly).
 */
export const plausibilityGateSettingsSchema = z
  .object({
    enabled: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("Cut generated trajectories before their first implausible step; false: the paper exactly."),
    members: positiveInt()
      .default(5)
      .describe(
        "Ensemble members: each its own initial weights and bootstrap resample of the training split (MBPO uses 5-7).",
      ),
    /**
     * MBPO's models (4 x 200). Measured on halfcheetah-medium (20,000 steps): held-out error 0.0045
     * against 0.0081 for 2 x 200, and "modelRollout" windows replay at 0.017-0.020 against
     * 0.025-0.047 (results/denoiser-architecture.md).
     */
    hiddenSizes: hiddenSizes()
      .default([200, 200, 200, 200])
      .describe("Hidden layer widths of each one-step model (MBPO's 4 x 200)."),
    activation: activation().default("silu").describe("Activation of the hidden layers."),
    lr: positiveNumber().default(1e-3).describe("Adam learning rate of each model."),
    batchSize: positiveInt().default(256).describe("Transitions per training step."),
    /**
     * 20,000 since the models also re-draw next states (nextStates), and their error is what those
     * states replay at: 20,000 steps of the 4 x 200 models (about 320 CPU-s on one thread) give
     * walker2d-medium rollouts at 0.031-0.043 (results/denoiser-architecture.md). Measured without a
     * committed file, walker2d's held-out error of 2 x 200 models was 0.025 after 3,000 steps.
     */
    steps: positiveInt().default(20000).describe("Adam steps per member."),
    /** Share of the episodes held out (never trained on) to set the threshold; at least one episode. */
    heldOutShare: z
      .number({ invalid_type_error: "must be a number" })
      .gt(0, "must be in (0, 1)")
      .lt(1, "must be in (0, 1)")
      .default(0.1)
      .describe("Share of the episodes held out (never trained on) to set the threshold."),
    thresholdQuantile: unitInterval()
      .default(0.99)
      .describe("The quantile of the held-out transitions' errors that the threshold is placed at."),
    /**
     * The threshold is thresholdScale times that quantile. Above 1 because a false cut compounds: it
     * drops the rest of a real-looking trajectory, so a per-step rate of 1 - quantile loses several
     * times that share of a long trajectory's steps (results/plausibility-gate.md measures it).
     */
    thresholdScale: positiveNumber()
      .default(2)
      .describe(
        "The threshold is this times the held-out quantile (above 1: a false cut loses the rest of a trajectory).",
      ),
  })
  .strict();

/** The task prompt in the condition vector (§4.1: the first frame's information "including ... task"). */
export const taskPromptSettingsSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.object({ kind: z.literal("none") }).strict(),
      z.object({ kind: z.literal("oneHot"), taskCount: positiveInt() }).strict(),
      z
        .object({
          kind: z.literal("embedding"),
          /** One language-embedding vector per task id, all of the same length (computed by the user). */
          embeddings: z
            .array(z.array(finiteNumber()).min(1, "must not be empty"))
            .min(1, "must list a vector"),
        })
        .strict(),
    ],
    {
      errorMap: () => ({
        message: 'must be {kind: "none"}, {kind: "oneHot", taskCount} or {kind: "embedding", embeddings}',
      }),
    },
  )
  .refine((p) => p.kind !== "embedding" || p.embeddings.every((v) => v.length === p.embeddings[0].length), {
    message: "must hold embedding vectors of one length",
  });

/**
 * The longest window: 1,000 steps, the longest episode of the supported envs (the paper's longest
 * window is 25). Memory is checked apart (windowDenoiser.ts: a window's row sets the denoiser's width).
 */
export const MAX_WINDOW_LENGTH = 1000;

const windowLengths = () =>
  z
    .array(positiveInt(MAX_WINDOW_LENGTH), { invalid_type_error: "must be a list of window lengths" })
    .min(1, "must list at least one window length")
    .refine((ks) => ks.every((k, i) => i === 0 || k > ks[i - 1]), "must be strictly increasing");

export const generatorSettingsSchema = z
  .object({
    windowLengths: windowLengths()
      .default([5, 10, 15, 20, 25])
      .describe('The preset window lengths k of the diffusers (\u00a74.1: "k = 5, 10, 15, ...").'),
    /**
     * "multiple": one diffuser per window length (the paper). "single": one diffuser for the largest
     * length, conditioned on the estimated remaining length too, then pruned (the paper's future work).
     */
    mode: oneOf(["multiple", "single"] as const)
      .default("multiple")
      .describe(
        "multiple: one diffuser per window length (the paper); single: one for the largest, then pruned.",
      ),
    /**
     * Model each step's terminal flag as an extra channel (unnormalized, as SynthER does), thresholded
     * at terminalThreshold; a generated trajectory ends at the terminal step that the thresholded
     * flags show (trajectory.ts). Off: generated transitions are never terminal.
     */
    modelTerminals: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe(
        "Model each step's terminal flag as an extra channel; a trajectory ends at its terminal step.",
      ),
    terminalThreshold: unitInterval()
      .default(0.5)
      .describe("A generated terminal value above this counts as terminal."),
    /**
     * "given": each diffuser learns the window next to the exact first state (it enters training
     * clean and is left out of the loss), as sampling gives it; "inpainted": the first state is
     * noised in training like the rest and held by inpaintMode while sampling (the paper's). Measured
     * on hopper-medium, the two replay alike (results/denoiser-architecture.md, "The first state
     * given"), so the default stays the paper's.
     */
    startState: oneOf(START_STATE_MODES)
      .default("inpainted")
      .describe(
        'The window\'s first state: "given" (trained clean, held exactly) or "inpainted" (noised in training; the paper).',
      ),
    /** How the first state's columns are held while sampling when startState is "inpainted" (inpainting.ts). */
    inpaintMode: oneOf(INPAINT_MODES)
      .default("noised")
      .describe("How the first state's columns are held at the start state while sampling (inpainting.ts)."),
    /**
     * How the diffusers store a window's states (stateDeltas.ts): "absolute" s_1 .. s_{k+1} (the
     * paper); "delta" s_1 and then each state's change from the one before, s_{j+1} - s_j, normalized
     * with the changes' own per-dimension statistics and summed back from s_1 after sampling.
     * "absolute" by measurement: on hopper, delta gave lower next-state error at k = 5 but higher
     * reward error, and twice the next-state error at k = 25 (results/denoiser-architecture.md).
     * Generators saved before this setting existed read as "absolute".
     */
    stateEncoding: oneOf(STATE_ENCODINGS)
      .default("absolute")
      .describe(
        'How the diffusers store states: "absolute", or "delta" (s_1, then changes s_{j+1} - s_j, summed back after sampling).',
      ),
    /**
     * "diffused": a trajectory's states and rewards as the diffuser drew them (the paper). With the
     * plausibility gate's one-step models (oneStepModelStates.ts; needs plausibilityGate.enabled),
     * keeping the start state, actions, length and terminal flags as drawn: "modelRollout" re-draws
     * the states s_2 .. s_{T+1} and rewards by stepping the models from s_1 (chained, errors
     * compound); "modelStep" gives each diffused state its next state and reward from the models
     * (not chained). The gate cuts re-drawn steps where its models disagree beyond what held-out
     * real steps show (their error against their own mean is 0; judging the diffused steps instead
     * cut two thirds of the demo's, results/denoiser-architecture.md).
     * "modelRollout" by measurement (results/denoiser-architecture.md, "Next states from the one-step
     * models"): on walker2d-medium the diffused windows replay at a next-state NMSE of 0.31-0.36 at
     * every k, re-drawn ones at 0.031-0.043 ("modelStep": 0.057-0.062); on halfcheetah-medium 0.13-0.20
     * diffused, 0.017-0.020 "modelRollout", 0.020-0.026 "modelStep". With plausibilityGate.enabled
     * false and nextStates not set, it is "diffused": the gate off is the paper exactly.
     */
    nextStates: oneOf(NEXT_STATE_SOURCES)
      .default("modelRollout")
      .describe(
        'Next states and rewards: "diffused" (the paper), "modelRollout" (stepped from the start state by the gate\'s one-step models) or "modelStep" (each diffused state\'s next state from those models); "diffused" when the gate is off and this is not set.',
      ),
    prompt: taskPromptSettingsSchema
      .default({ kind: "none" })
      .describe(
        "The task prompt in the condition: {kind: none}, {kind: oneHot, taskCount} or {kind: embedding, embeddings}.",
      ),
    /**
     * Every diffuser's denoiser, EDM process and training (totalSteps = training steps per diffuser).
     * The denoiser defaults to the weight-sharing temporal one; denoiser.architecture "residualMlp"
     * is the paper's flat MLP over the flattened window (A.2).
     */
    diffusion: windowDiffusionSettingsSchema
      .default({})
      .describe(
        "Every diffuser's denoiser, EDM process and training (totalSteps = training steps per diffuser).",
      ),
    /**
     * Raise each diffuser's dim_t and width to at least its window row plus condition (rounded up to
     * 32), so the denoiser can carry the whole window (windowDenoiser.ts says what a narrower one costs).
     * Only the flat residual MLP is fitted; the temporal denoiser (diffusion.denoiser.architecture
     * "temporal") has a width per step and reads each step of the window with the same weights.
     */
    fitDenoiserToWindow: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("Raise a residual MLP's width to at least its window row plus condition."),
    estimator: lengthEstimatorSettingsSchema.default({}).describe("The length estimator (\u00a74.1)."),
    pruner: prunerSettingsSchema.default({}).describe("The pruner (\u00a74.1)."),
    plausibilityGate: plausibilityGateSettingsSchema.default({}).describe("The plausibility gate (ours)."),
    /**
     * Generated actions are clipped to [-actionBound, actionBound] before they leave the generator:
     * the agents' action space is [-1, 1] (agentEnvCheck.ts), as is every dataset's. null: unclipped.
     */
    actionBound: positiveNumber()
      .nullable()
      .default(1)
      .describe("Generated actions are clipped to [-actionBound, actionBound]; null: unclipped."),
    seed: z
      .number({ invalid_type_error: "must be an integer" })
      .int("must be an integer")
      .default(0)
      .describe("Seeds every network's initial weights, the training noise and the batch order."),
  })
  .strict();

export type LengthEstimatorSettings = z.output<typeof lengthEstimatorSettingsSchema>;
export type PrunerSettings = z.output<typeof prunerSettingsSchema>;
export type PlausibilityGateSettings = z.output<typeof plausibilityGateSettingsSchema>;
export type TaskPromptSettings = z.output<typeof taskPromptSettingsSchema>;
export type GeneratorSettings = z.output<typeof generatorSettingsSchema>;
export type GeneratorSettingsInput = z.input<typeof generatorSettingsSchema>;

/**
 * `atradiff diffuser train --scale quick` (the default): a generator to try the method with, trained in
 * minutes on 2 cores; `--scale paper` is generatorSettingsSchema's own defaults.
 */
export const quickScaleSchema = z
  .object({
    /** Two diffusers, k = 5 and 10: the short windows, which also replay closest to the simulator. */
    windowLengths: z
      .array(positiveInt(MAX_WINDOW_LENGTH))
      .default([5, 10])
      .describe("Quick scale: the window lengths k of its diffusers."),
    /** Training steps per diffuser. */
    diffuserSteps: positiveInt().default(1500).describe("Quick scale: training steps per diffuser."),
    /** The temporal denoiser's width per window step. */
    denoiserWidth: positiveInt(MAX_WIDTH)
      .default(64)
      .describe("Quick scale: the temporal denoiser's width per window step."),
    /** The temporal denoiser's residual blocks. */
    denoiserDepth: positiveInt().default(2).describe("Quick scale: the temporal denoiser's residual blocks."),
    /** Training steps of the length estimator. */
    estimatorSteps: positiveInt()
      .default(1000)
      .describe("Quick scale: training steps of the length estimator."),
    /**
     * Training steps of the plausibility gate's models, which also re-draw the next states: with 2,000
     * steps the demo's generator (hopper, k = 5 and 10) replays at a next-state NMSE of 0.006
     * (results/demo.md).
     */
    gateSteps: positiveInt()
      .default(2000)
      .describe("Quick scale: training steps of the plausibility gate's models."),
    /** Start states per window length that calibrate the pruner. */
    calibrationWindows: positiveInt()
      .default(64)
      .describe("Quick scale: start states per window length that calibrate the pruner."),
  })
  .strict();
