// The maximum-entropy actor-critic behind SAC (Haarnoja et al. 2018), REDQ (Chen et al. 2021) and
// RLPD (Ball et al. 2023); sacFamilySettings.ts holds each method's settings.
//   critic:  N critics regress on y = r + gamma (1 - d) (min_{i in S} Q'_i(s', a') - alpha log pi(a'|s')),
//            S = M of the N target critics drawn at random per update (SAC: M = N = 2);
//            the loss is the sum over critics of each one's mean squared error (SAC/REDQ code; RLPD's
//            code takes the mean, a constant factor N that Adam's normalization cancels).
//   actor:   minimize E[alpha log pi(a|s) - Q(s, a)], Q the min (SAC) or mean (REDQ, RLPD) over all N.
//   alpha:   automatic temperature (entropyTemperature.ts); both actor and alpha are updated only
//            when update() is called with updateActor (REDQ/RLPD: once per env step, UTD 20).
//   targets: polyak averaging after every critic step.
// Order within one update (standard SAC PyTorch code: SpinningUp's sac.py, pranz24's; REDQ's paper,
// Algorithm 1, and RLPD's code; checked number for number against PyTorch in
// test/agents/sacReference.test.ts and redqReference.test.ts): critic target with the actor and alpha
// from before the update; critic step; Polyak; actor step through the critics just updated, with the
// old alpha; temperature step on the log pi of the actor step's sample. (REDQ's released code differs
// on the last of its G steps: it takes the actor's gradient through the critics before that step.)
//   tdError: per transition, the mean over the N critics of |Q_i(s, a) - y|.
import type { Batch } from "../data/batch.js";
import { mean, meanAll, min, scale, square, sub } from "../engine/ops/index.js";
import type { Rng } from "../engine/rng.js";
import { noGrad, Tensor, tidy } from "../engine/tensor.js";
import { Adam } from "../nn/adam.js";
import { polyakUpdate, withTarget } from "../nn/averaging.js";
import { AgentBase } from "./agentBase.js";
import type { AgentStateParts } from "./agentCheckpoint.js";
import { type BatchTensors, batchTensors, observationTensor } from "./batchTensors.js";
import { CriticEnsemble, criticOptions } from "./criticEnsemble.js";
import { actorOptions } from "./deterministicActor.js";
import { softBackup } from "./ensembleTarget.js";
import { EntropyTemperature } from "./entropyTemperature.js";
import { withFrozenParameters } from "./frozenParameters.js";
import {
  REDQ_PRESET,
  RLPD_PRESET,
  SAC_PRESET,
  type SacFamilySettingsInput,
  sacFamilySettingsSchema,
} from "./sacFamilySettings.js";
import { TanhGaussianActor } from "./tanhGaussianActor.js";
import { meanAbsoluteError } from "./tdError.js";
import type { ActOptions, UpdateOptions } from "./types.js";
import { type NoisyAgentOptions, rngUpdateNoise, type UpdateNoise } from "./updateNoise.js";

export type SacFamilyName = "sac" | "redq" | "rlpd";

const PRESETS: Record<SacFamilyName, SacFamilySettingsInput> = {
  sac: SAC_PRESET,
  redq: REDQ_PRESET,
  rlpd: RLPD_PRESET,
};

/** The critic target of one batch, with what it was computed from (for tests and diagnostics). */
export interface SoftTargets {
  y: Float32Array;
  /** The target critics whose min was taken. */
  members: number[];
  nextAction: Float32Array;
  nextLogProb: Float32Array;
}

export class SoftActorCritic extends AgentBase<typeof sacFamilySettingsSchema, SacFamilyName> {
  readonly updatesPerStep: number;
  readonly actor: TanhGaussianActor;
  readonly critic: CriticEnsemble;
  readonly targetCritic: CriticEnsemble;
  readonly actorOptimizer: Adam;
  readonly criticOptimizer: Adam;
  readonly temperature: EntropyTemperature;
  /** Draws of the updates (by default, through updateNoise). */
  private readonly trainRng: Rng;
  /** The draws of the updates: eps' in the target, eps in the actor loss, each target's critics. */
  private readonly updateNoise: UpdateNoise;
  /** Exploration noise in act(). */
  private readonly actRng: Rng;
  /** Draws of tdError(), kept apart so that ranking samples never changes training. */
  private readonly tdRng: Rng;
  private updates = 0;

  constructor(name: SacFamilyName, opts: NoisyAgentOptions) {
    super(name, sacFamilySettingsSchema, { ...opts, settings: { ...PRESETS[name], ...opts.settings } });
    const s = this.settings;
    this.updatesPerStep = s.updatesPerStep;
    const root = this.seedRng;
    const initRng = root.split();
    this.trainRng = root.split();
    this.actRng = root.split();
    this.tdRng = root.split();
    this.updateNoise = opts.updateNoise ?? rngUpdateNoise(this.trainRng);
    this.actor = new TanhGaussianActor(
      { ...actorOptions(this, s), logStdMin: s.logStdMin, logStdMax: s.logStdMax },
      initRng,
    );
    [this.critic, this.targetCritic] = withTarget(() => new CriticEnsemble(criticOptions(this, s), initRng));
    this.actorOptimizer = new Adam(this.actor.parameters(), { lr: s.actorLr });
    this.criticOptimizer = new Adam(this.critic.parameters(), { lr: s.criticLr });
    this.temperature = new EntropyTemperature({
      initialTemperature: s.initialTemperature,
      targetEntropy: s.targetEntropy ?? s.targetEntropyPerActionDim * this.actDim,
      lr: s.temperatureLr,
      loss: s.temperatureLoss,
      learn: s.learnTemperature,
    });
  }

  get alpha(): number {
    return this.temperature.alpha;
  }

  actBatch(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const o = observationTensor(this.name, obs, count, this.obsDim);
        const a = opts.deterministic ? this.actor.mode(o) : this.actor.sample(o, this.actRng).action;
        return a.toArray();
      }),
    );
  }

  /** The critic target y for a batch, drawing the actor noise and the critic subset from rng. */
  computeTargets(batch: Batch, rng: Rng): SoftTargets {
    return tidy(() =>
      this.targets(batchTensors(this.name, batch, this.obsDim, this.actDim), rngUpdateNoise(rng)),
    );
  }

  private targets(b: BatchTensors, noise: UpdateNoise): SoftTargets {
    return noGrad(() => {
      const s = this.settings;
      const next = this.actor.sampleWith(b.nextObs, (eps) => noise.normal(eps, "nextAction", 1));
      const members = noise.criticSubset(s.numCritics, s.numTargetCritics);
      const q = this.targetCritic.forwardMembers(b.nextObs, next.action, members);
      const nextQ = members.length === 1 ? q : min(q, 0);
      const nextLogProb = next.logProb.toArray();
      const y = softBackup({
        reward: b.reward,
        terminal: b.terminal,
        nextQ: nextQ.data,
        nextLogProb,
        gamma: s.gamma,
        entropyCoef: s.backupEntropy ? this.alpha : 0,
      });
      return { y, members, nextAction: next.action.toArray(), nextLogProb };
    });
  }

  update(batch: Batch, opts: UpdateOptions = {}): Record<string, number> {
    const stats = tidy(() => {
      const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
      const out = this.updateCritic(b);
      if (opts.updateActor ?? true) Object.assign(out, this.updateActorAndTemperature(b));
      return out;
    });
    this.updates++;
    return stats;
  }

  private updateCritic(b: BatchTensors): Record<string, number> {
    const s = this.settings;
    const y = Tensor.fromArray(this.targets(b, this.updateNoise).y, [b.size, 1]);
    const q = this.critic.forward(b.obs, b.action);
    // Sum over the N critics of each one's MSE: mean over [N, B] times N.
    const loss = scale(meanAll(square(sub(q, y))), s.numCritics);
    this.criticOptimizer.zeroGrad();
    loss.backward();
    this.criticOptimizer.step();
    polyakUpdate(this.targetCritic, this.critic, s.tau);
    const criticLoss = loss.item() / s.numCritics;
    if (!Number.isFinite(criticLoss))
      throw new Error(
        `${this.name}: the critic loss became ${criticLoss} at update ${this.updates + 1}; check the batch for non-finite rewards or observations, or lower criticLr.`,
      );
    return { criticLoss, q: meanAll(q).item() };
  }

  private updateActorAndTemperature(b: BatchTensors): Record<string, number> {
    const alpha = this.alpha;
    const { actorLoss, meanLogProb } = withFrozenParameters(this.critic, () => {
      const { action, logProb } = this.actor.sampleWith(b.obs, (eps) =>
        this.updateNoise.normal(eps, "action", 1),
      );
      const q = this.critic.forward(b.obs, action);
      const qPi = this.settings.actorCriticReduction === "min" ? min(q, 0) : mean(q, 0);
      const loss = meanAll(sub(scale(logProb, alpha), qPi));
      this.actorOptimizer.zeroGrad();
      loss.backward();
      this.actorOptimizer.step();
      return { actorLoss: loss.item(), meanLogProb: meanAll(logProb).item() };
    });
    const temperatureLoss = this.temperature.update(meanLogProb);
    return { actorLoss, temperatureLoss, alpha: this.alpha, entropy: -meanLogProb };
  }

  /** Per transition, the mean over the N critics of |Q_i(s, a) - y| (y as in training, own Rng stream). */
  tdError(batch: Batch): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
        const y = this.targets(b, rngUpdateNoise(this.tdRng)).y;
        return meanAbsoluteError(this.critic.forward(b.obs, b.action).data, y, this.settings.numCritics);
      }),
    );
  }

  protected stateParts(): AgentStateParts {
    return {
      modules: { actor: this.actor, critic: this.critic, targetCritic: this.targetCritic },
      optimizers: {
        actor: this.actorOptimizer,
        critic: this.criticOptimizer,
        temperature: this.temperature.optimizer,
      },
      tensors: { logAlpha: this.temperature.logAlpha },
      rngs: { train: this.trainRng, act: this.actRng, tdError: this.tdRng },
      counters: { updates: this.updates },
    };
  }

  protected override restoreCounters(counters: Record<string, number>): void {
    this.updates = counters.updates;
  }
}
