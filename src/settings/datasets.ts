// Settings of the SAC runs that train the committed behavior policies: the locomotion envs' medium
// and expert policies (policyTraining.ts, chosen by the score of their data) and the AntMaze
// collector's walking policy (antmaze/walkerTraining.ts). D4RL does not say how long its policies
// trained; an ant needs on the order of 1M SAC steps to walk well, hence the default length.
import { z } from "zod";

const positiveInt = z.number().int().min(1);

/** The online-loop settings of a run, given its evaluation defaults (schema fields, in file order). */
export function sacLoopSettingsShape(defaults: { evalEvery: number; evalEpisodes: number }) {
  return {
    seed: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("The run's seed (agent initialization, exploration, episode resets)."),
    steps: positiveInt
      .default(1_000_000)
      .describe("The whole run, in env steps: its policy (the expert) is the best evaluation within it."),
    evalEvery: positiveInt
      .default(defaults.evalEvery)
      .describe("Env steps between two evaluations (each keeps a snapshot of the actor)."),
    evalEpisodes: positiveInt.default(defaults.evalEpisodes).describe("Episodes per evaluation."),
    checkpointEvery: positiveInt.default(10_000).describe("Env steps between two checkpoints of the run."),
    randomStartSteps: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe("Uniformly random actions for this many env steps before updates start."),
    batchSize: positiveInt.default(256).describe("Transitions per SAC update."),
    logEvery: positiveInt.default(1000).describe("A metrics line every this many env steps."),
  };
}

/** SAC settings besides its preset (agents/sacFamilySettings.ts); the last field of a run's settings. */
export const agentSettingsField = () => z.record(z.unknown()).default({});

// ---- the locomotion envs' behavior policies (policyTraining.ts says how snapshots are chosen)

const points = z.number().finite().min(0);
const episodes = z.number().int().min(1);

export const policyTrainingSettingsSchema = z
  .object({
    env: z
      .string()
      .min(1)
      .describe("The env whose behavior policies the run trains (hopper, halfcheetah, walker2d)."),
    ...sacLoopSettingsShape({ evalEvery: 5000, evalEpisodes: 10 }),
    mediumDataScore: z
      .number()
      .finite()
      .describe("The medium data's target D4RL-normalized score (DATA_SCORE_TARGETS by default)."),
    expertDataScore: z.number().finite().describe("The expert data's target D4RL-normalized score."),
    dataScoreEpisodes: episodes.default(10).describe("Sampled episodes that score every snapshot."),
    screenTolerance: points
      .default(8)
      .describe("A snapshot screened within this many points of a target is scored further."),
    confirmEpisodes: episodes
      .default(50)
      .describe("Further sampled episodes that confirm a candidate snapshot (scored with the screen's)."),
    /**
     * A candidate is taken when its score over all its episodes is within this many points of the
     * target: tighter than the ±5 asked of the data, for the estimate's own error (a hopper episode's
     * score varies by about 18 points: ±2.3 over 60 episodes).
     */
    dataScoreTolerance: points
      .default(3)
      .describe(
        "A candidate is taken when its score over all its episodes is within this many points of the target.",
      ),
    agentSettings: agentSettingsField().describe("SAC settings over its reference ones (see [sac])."),
  })
  .strict();

// ---- the AntMaze walking policy (on the goal-reaching walking task, antWalkingEnv.ts)

const positive = z.number().finite().positive();

export const walkingTaskSchema = z
  .object({
    minGoalDistance: positive
      .default(1)
      .describe("Goals are drawn at least this many meters from the torso."),
    maxGoalDistance: positive.default(5).describe("Goals are drawn at most this many meters from the torso."),
    ctrlCostWeight: z
      .number()
      .finite()
      .min(0)
      .default(0.05)
      .describe("Weight of sum(a^2) subtracted from the progress reward."),
  })
  .strict();

export const walkerTrainingSettingsSchema = z
  .object({
    ...sacLoopSettingsShape({ evalEvery: 10_000, evalEpisodes: 5 }),
    episodeSteps: z
      .number()
      .int()
      .min(1)
      .default(500)
      .describe(
        "Training and evaluation episodes are truncated after this many steps (goals keep being re-drawn).",
      ),
    task: walkingTaskSchema.default({}),
    agentSettings: agentSettingsField().describe("SAC settings over its reference ones (see [sac])."),
  })
  .strict();
