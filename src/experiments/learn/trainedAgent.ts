// A trained agent as a user deploys it (learn.ts returns one): predict(observation) takes the env's
// own observation and returns an action in the env's own action box, doing what the training run
// did between the env and the agent (observation normalization with the dataset's statistics when
// the run used it; the agent's [-1, 1] actions mapped onto the box, as RescaleAction does).
// Saved as a directory: model.json (what predict needs besides the networks, and the run's
// settings) and agent.safetensors (the agent's checkpoint, which also restores exact training).
// Every file is written atomically, model.json last (it makes the directory complete); an existing
// model is replaced only with { force: true }, and anything else is never (util/outputDirectory.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { loadAgent } from "../../agents/makeAgent.js";
import type { Agent } from "../../agents/types.js";
import { fromUnitBox } from "../../envs/wrappers/rescaleAction.js";
import { MODEL_FORMAT, modelFileSchema } from "../../settings/experiments.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { claimOutputDirectory, startInOutputDirectory } from "../../util/outputDirectory.js";
import { normalizeObservation } from "../job/fixedObservationNormalizer.js";
import type { ObservationStatistics } from "../job/preprocessing.js";

export const MODEL_FILE = "model.json";
export const MODEL_AGENT_FILE = "agent.safetensors";

/** What a TrainedAgent needs besides the agent itself. */
export interface TrainedAgentParts {
  /** The env id the agent was trained on. */
  env: string;
  /** The env's own action box (before RescaleAction). */
  actionLow: ArrayLike<number>;
  actionHigh: ArrayLike<number>;
  /** The dataset's statistics when the run normalized observations, else null. */
  observationNormalization: ObservationStatistics | null;
  /** The settings of the run that trained it (its config.json). */
  settings: Record<string, unknown>;
}

export interface PredictOptions {
  /** true (default): the policy's mode; false: a sample from the agent's own seeded generator. */
  deterministic?: boolean;
}

export class TrainedAgent {
  readonly env: string;
  readonly settings: Record<string, unknown>;
  private readonly actionBox: { low: Float64Array; high: Float64Array };
  private readonly unitBox: boolean;
  private readonly normalization: ObservationStatistics | null;

  constructor(
    /** The agent, acting in [-1, 1]^actDim on the observations it was trained on. */
    readonly agent: Agent,
    parts: TrainedAgentParts,
  ) {
    const low = Float64Array.from(parts.actionLow);
    const high = Float64Array.from(parts.actionHigh);
    if (low.length !== agent.actDim || high.length !== agent.actDim)
      throw new Error(
        `The ${agent.name} agent acts in ${agent.actDim} dimensions, but the action box has ${low.length}.`,
      );
    const n = parts.observationNormalization;
    if (n !== null && (n.mean.length !== agent.obsDim || n.scale.length !== agent.obsDim))
      throw new Error(
        `The ${agent.name} agent observes ${agent.obsDim} values, but the normalization statistics have ${n.mean.length}.`,
      );
    this.env = parts.env;
    this.settings = parts.settings;
    this.actionBox = { low, high };
    this.unitBox = low.every((v) => v === -1) && high.every((v) => v === 1);
    this.normalization = n;
  }

  /** An action in the env's action box for one of the env's observations. */
  predict(observation: ArrayLike<number>, opts: PredictOptions = {}): Float64Array {
    if (observation.length !== this.agent.obsDim)
      throw new Error(
        `predict needs an observation of ${this.agent.obsDim} values for ${this.env}, got ${observation.length}.`,
      );
    const obs = this.normalization ? normalizeObservation(observation, this.normalization) : observation;
    const action = this.agent.act(obs, { deterministic: opts.deterministic ?? true });
    return this.unitBox ? Float64Array.from(action) : fromUnitBox(action, this.actionBox);
  }

  /**
   * Writes the agent into directory `dir` (created). An existing trained agent there is replaced
   * only with force; any other directory that is not empty is refused.
   */
  save(dir: string, opts: { force?: boolean } = {}): void {
    const output = claimOutputDirectory(dir, "model", {
      flag: "directory",
      force: opts.force,
      forceName: "{ force: true }",
      ownEntries: (name) => name === MODEL_FILE || name === MODEL_AGENT_FILE,
    });
    startInOutputDirectory(output, () => {
      this.agent.save(join(dir, MODEL_AGENT_FILE));
      const n = this.normalization;
      const model: z.input<typeof modelFileSchema> = {
        format: MODEL_FORMAT,
        env: this.env,
        actionLow: Array.from(this.actionBox.low),
        actionHigh: Array.from(this.actionBox.high),
        observationNormalization: n ? { mean: Array.from(n.mean), scale: Array.from(n.scale) } : null,
        settings: this.settings,
      };
      writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(model, null, 2)}\n`);
    });
  }

  /** Reads a directory written by save(). Needs the engine (initEngine). */
  static load(dir: string): TrainedAgent {
    const path = join(dir, MODEL_FILE);
    if (!existsSync(path)) throw new Error(`${dir} is not a saved trained agent: it has no ${MODEL_FILE}.`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (err) {
      throw new Error(`${path} is not valid JSON (${(err as Error).message}).`);
    }
    const parsed = modelFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${path} is not a trained agent's ${MODEL_FILE}: "${issue.path.join(".")}" must be ${issue.message}.`,
      );
    }
    const m = parsed.data;
    const agent = loadAgent(join(dir, MODEL_AGENT_FILE));
    try {
      return new TrainedAgent(agent, {
        env: m.env,
        actionLow: m.actionLow,
        actionHigh: m.actionHigh,
        observationNormalization: m.observationNormalization && {
          mean: Float64Array.from(m.observationNormalization.mean),
          scale: Float64Array.from(m.observationNormalization.scale),
        },
        settings: m.settings,
      });
    } catch (err) {
      agent.dispose();
      throw err;
    }
  }

  /** Frees the agent's tensors. */
  dispose(): void {
    this.agent.dispose();
  }
}
