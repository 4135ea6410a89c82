// ATraDiff's online adaptation (§4.3, Figure 2 right): every `every` env steps the window diffusers
// are fine-tuned on windows that start at the real samples of D_o chosen by an importance
// indicator (TD error or trajectory return), then keep generating; a frozen copy of each original
// diffuser limits forgetting (fineTuneStep.ts). The caller (the training loop) calls adapt() when
// due(step) says so, with the agent for the TD indicator; with worker-thread generation it then
// saves the generator and reloads it in the worker (WorkerGeneration.reload).

import type { Batch } from "../../data/batch.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import { Rng, type RngState } from "../../engine/rng.js";
import type { Task, TaskPrompt } from "../generator/taskPrompt.js";
import type { WindowDiffuser } from "../generator/windowDiffuser.js";
import { WindowBatches } from "../windows/windowBatches.js";
import type { AdaptationSettings } from "./adaptationSettings.js";
import { sampleSegments, sampleWindows, segmentLength } from "./adaptationWindows.js";
import { fineTuneStep } from "./fineTuneStep.js";
import { FrozenDiffuser } from "./frozenDiffuser.js";
import { continuesEpisode, gatherBatch, isStored, rowOf } from "./realSamples.js";
import { RewardIndicator, type RewardIndicatorState } from "./rewardIndicator.js";
import { TdErrorIndicator, type TdErrorIndicatorState, type TdErrorScorer } from "./tdErrorIndicator.js";

/** What the TD indicator needs from the agent (Agent.tdError). */
export interface TdErrorAgent {
  tdError(batch: Batch): Float32Array;
}

export interface OnlineAdaptationParts {
  /** The generator's window diffusers (TrajectoryGenerator.diffusers); adapted in place. */
  diffusers: readonly WindowDiffuser[];
  /** The generator's task prompt (TrajectoryGenerator.prompt). */
  prompt: TaskPrompt;
  task?: Task;
  /** D_o. */
  real: ReplayBuffer;
  settings: AdaptationSettings;
  /** Seeds the fine-tuning batches and noise and the random dropping. */
  seed: number;
}

export interface AdaptationReport {
  /** Real samples whose windows the diffusers were fine-tuned on. */
  samples: number;
  /** The last fine-tuning loss of each diffuser, by window length. */
  losses: { windowLength: number; loss: number }[];
}

/** Everything besides the diffusers' weights that a checkpoint needs to continue identically. */
export interface OnlineAdaptationState {
  rng: RngState;
  scanned: number;
  episode: number[];
  episodeReturn: number;
  td: TdErrorIndicatorState | null;
  reward: RewardIndicatorState | null;
}

export class OnlineAdaptation {
  readonly settings: AdaptationSettings;
  readonly diffusers: readonly WindowDiffuser[];
  /** The frozen copies of the original diffusers, in the same order. */
  readonly frozen: readonly FrozenDiffuser[];
  readonly td: TdErrorIndicator | null;
  readonly reward: RewardIndicator | null;
  private readonly prompt: TaskPrompt;
  private readonly task: Task | undefined;
  private readonly real: ReplayBuffer;
  private readonly rng: Rng;
  private readonly horizon: number;
  /** Serials below this were scanned into the indicator. */
  private scanned = 0;
  private episode: number[] = [];
  private episodeReturn = 0;

  constructor(parts: OnlineAdaptationParts) {
    const { settings, diffusers, real } = parts;
    if (diffusers.length === 0) throw new Error("Online adaptation needs at least one window diffuser.");
    for (const d of diffusers)
      if (d.shape.layout.obsDim !== real.obsDim || d.shape.layout.actDim !== real.actDim)
        throw new Error(
          `The diffuser for windows of ${d.windowLength} steps has observation/action sizes ${d.shape.layout.obsDim}/${d.shape.layout.actDim}; D_o holds ${real.obsDim}/${real.actDim}.`,
        );
    this.settings = settings;
    this.diffusers = diffusers;
    this.frozen = diffusers.map((d) => new FrozenDiffuser(d.diffusion));
    this.prompt = parts.prompt;
    this.task = parts.task;
    this.real = real;
    this.rng = new Rng(parts.seed);
    this.horizon = Math.max(...diffusers.map((d) => d.windowLength));
    this.td = settings.indicator === "td" ? new TdErrorIndicator(settings.heapCapacity, settings.topK) : null;
    this.reward =
      settings.indicator === "reward"
        ? new RewardIndicator(
            settings.rewardBufferCapacity,
            settings.oldDropFraction,
            settings.randomDropFraction,
          )
        : null;
  }

  /** Adaptation is due after env step `step` (1-based). */
  due(step: number): boolean {
    return step > 0 && step % this.settings.every === 0;
  }

  /** Chooses samples with the indicator and fine-tunes every diffuser on their windows. */
  adapt(agent: TdErrorAgent | null = null): AdaptationReport {
    const chosen = this.choose(agent);
    const usable = chosen.filter((id) => segmentLength(this.real, id, this.horizon) > 0);
    const report: AdaptationReport = { samples: usable.length, losses: [] };
    if (usable.length > 0) {
      const segments = sampleSegments(this.real, usable, this.horizon);
      this.diffusers.forEach((d, i) => {
        report.losses.push({
          windowLength: d.windowLength,
          loss: this.fineTune(d, this.frozen[i], segments),
        });
      });
    }
    this.reward?.afterAdaptation(this.rng);
    return report;
  }

  dispose(): void {
    for (const f of this.frozen) f.dispose();
  }

  get state(): OnlineAdaptationState {
    return {
      rng: this.rng.state,
      scanned: this.scanned,
      episode: [...this.episode],
      episodeReturn: this.episodeReturn,
      td: this.td?.state ?? null,
      reward: this.reward?.state ?? null,
    };
  }

  /** Continues from a saved state (the diffusers' adapted weights are restored separately). */
  restore(s: OnlineAdaptationState): void {
    if ((s.td === null) !== (this.td === null) || (s.reward === null) !== (this.reward === null))
      throw new Error(
        `A saved online adaptation state was made with another importance indicator than "${this.settings.indicator}".`,
      );
    this.rng.setState(s.rng, `The "rng" of a saved online adaptation state`);
    this.scanned = s.scanned;
    this.episode = [...s.episode];
    this.episodeReturn = s.episodeReturn;
    if (s.td) this.td!.restore(s.td);
    if (s.reward) this.reward!.restore(s.reward);
  }

  private choose(agent: TdErrorAgent | null): number[] {
    const { totalStored, size } = this.real.state;
    const from = Math.max(this.scanned, totalStored - size);
    if (this.td) {
      if (!agent) throw new Error("The TD-error indicator needs the agent to score samples.");
      const scorer = this.scorer(agent);
      for (let s = from; s < totalStored; s += this.settings.scoringBatchSize) {
        const ids: number[] = [];
        for (let id = s; id < Math.min(totalStored, s + this.settings.scoringBatchSize); id++) ids.push(id);
        this.td.add(ids, scorer);
      }
      this.scanned = totalStored;
      return this.td.drawTop(
        scorer,
        (id) => segmentLength(this.real, id, this.horizon) > 0,
        (id) => !isStored(this.real, id),
      );
    }
    const reward = this.reward!;
    for (let s = from; s < totalStored; s++) this.scanForReward(s, totalStored);
    this.scanned = totalStored;
    return reward.samples().filter((id) => isStored(this.real, id));
  }

  /** Adds transition s to the running episode; a finished episode is offered with its return. */
  private scanForReward(s: number, totalStored: number): void {
    if (this.episode.length > 0 && this.episode[this.episode.length - 1] !== s - 1) {
      this.episode = [];
      this.episodeReturn = 0;
    }
    const row = rowOf(this.real, s);
    this.episode.push(s);
    this.episodeReturn += this.real.reward[row];
    const ended = this.real.terminal[row] === 1 || this.real.truncated[row] === 1;
    if (ended) this.reward!.offer(this.episode, this.episodeReturn);
    // An episode that ends, or whose successor does not continue it, starts afresh.
    if (ended || (s + 1 < totalStored && !continuesEpisode(this.real, s))) {
      this.episode = [];
      this.episodeReturn = 0;
    }
  }

  private scorer(agent: TdErrorAgent): TdErrorScorer {
    const chunk = this.settings.scoringBatchSize;
    return {
      score: (ids) => {
        const out = new Float32Array(ids.length);
        for (let s = 0; s < ids.length; s += chunk) {
          const part = ids.slice(s, s + chunk);
          const td = agent.tdError(gatherBatch(this.real, part));
          for (let i = 0; i < part.length; i++) out[s + i] = Math.abs(td[i]);
        }
        return out;
      },
    };
  }

  private fineTune(
    diffuser: WindowDiffuser,
    frozen: FrozenDiffuser,
    segments: ReturnType<typeof sampleSegments>,
  ): number {
    const k = diffuser.windowLength;
    const windows = sampleWindows(segments, k, diffuser.shape.layout.modelTerminals);
    const batches = new WindowBatches(
      windows,
      segments.windowIndex,
      this.settings.batchSize,
      diffuser.shape.lengthConditioned,
      this.rng,
      diffuser.stateEncoding,
    );
    const prompts = this.prompt.repeat(this.prompt.vector(this.task), batches.size);
    let loss = Number.NaN;
    for (let step = 0; step < this.settings.fineTuneSteps; step++) {
      batches.fill();
      const condition = diffuser.conditions(batches.firstStates, prompts, batches.lengths, batches.size);
      loss = fineTuneStep(diffuser.diffusion, batches.rows, condition, {
        lr: this.settings.lr,
        rng: this.rng,
        frozen,
        anchorPull: this.settings.anchorPull,
      }).loss;
    }
    return loss;
  }
}
