// TD3+BC (Fujimoto & Gu 2021): TD3 (Fujimoto et al. 2018) with a behavior-cloning term.
//   critic: twin critics regress on y = r + gamma (1 - d) min_i Q'_i(s', clip(pi'(s') + eps, -1, 1)),
//           eps = clip(N(0, policyNoise^2), -noiseClip, noiseClip) (target policy smoothing);
//   actor (every policyDelay critic updates): minimize -lambda mean Q_1(s, pi(s)) + mean (pi(s) - a)^2,
//           lambda = alpha / mean |Q_1(s, pi(s))| (detached);
//   targets: polyak averaging of actor and critics after each actor update.
// The order is the authors' TD3_BC.py (checked number for number against PyTorch in
// test/agents/td3bcReference.test.ts): the update counter first, the critic step, then on every
// policyDelay-th update the actor step through the critics just updated, then both Polyak updates.
import type { Batch } from "../data/batch.js";
import { add, clamp, meanAll, min, mse, scale, square, sub } from "../engine/ops/index.js";
import type { Rng } from "../engine/rng.js";
import { noGrad, Tensor, tidy } from "../engine/tensor.js";
import { Adam } from "../nn/adam.js";
import { polyakUpdate, withTarget } from "../nn/averaging.js";
import { AgentBase } from "./agentBase.js";
import type { AgentStateParts } from "./agentCheckpoint.js";
import { type BatchTensors, batchTensors, observationTensor } from "./batchTensors.js";
import { CriticEnsemble, criticOptions } from "./criticEnsemble.js";
import { actorOptions, DeterministicActor } from "./deterministicActor.js";
import { softBackup } from "./ensembleTarget.js";
import { withFrozenParameters } from "./frozenParameters.js";
import { td3bcSettingsSchema } from "./td3bcSettings.js";
import { meanAbsoluteError } from "./tdError.js";
import type { ActOptions, UpdateOptions } from "./types.js";
import { type NoisyAgentOptions, rngUpdateNoise, type UpdateNoise } from "./updateNoise.js";

/** TD3+BC's Q normalization: lambda = alpha / mean |Q| over the batch. */
export function td3bcLambda(q: ArrayLike<number>, alpha: number): number {
  let total = 0;
  for (let i = 0; i < q.length; i++) total += Math.abs(q[i]);
  const meanAbs = total / q.length;
  if (!(meanAbs > 0)) throw new Error(`TD3+BC: lambda is undefined when every Q value is 0.`);
  return alpha / meanAbs;
}

export class Td3bc extends AgentBase<typeof td3bcSettingsSchema, "td3bc"> {
  readonly updatesPerStep = 1;
  readonly actor: DeterministicActor;
  readonly targetActor: DeterministicActor;
  readonly critic: CriticEnsemble;
  readonly targetCritic: CriticEnsemble;
  readonly actorOptimizer: Adam;
  readonly criticOptimizer: Adam;
  private readonly trainRng: Rng;
  private readonly actRng: Rng;
  private readonly tdRng: Rng;
  /** The target policy smoothing noise of the updates. */
  private readonly updateNoise: UpdateNoise;
  /** Critic updates so far (TD3's total_it; the actor learns when it is a multiple of policyDelay). */
  private updates = 0;

  constructor(opts: NoisyAgentOptions) {
    super("td3bc", td3bcSettingsSchema, opts);
    const s = this.settings;
    const root = this.seedRng;
    const initRng = root.split();
    this.trainRng = root.split();
    this.actRng = root.split();
    this.tdRng = root.split();
    this.updateNoise = opts.updateNoise ?? rngUpdateNoise(this.trainRng);
    [this.actor, this.targetActor] = withTarget(() => new DeterministicActor(actorOptions(this, s), initRng));
    [this.critic, this.targetCritic] = withTarget(() => new CriticEnsemble(criticOptions(this, s), initRng));
    this.actorOptimizer = new Adam(this.actor.parameters(), { lr: s.actorLr });
    this.criticOptimizer = new Adam(this.critic.parameters(), { lr: s.criticLr });
  }

  actBatch(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const a = this.actor.forward(observationTensor(this.name, obs, count, this.obsDim));
        if (opts.deterministic || this.settings.explorationNoise === 0) return a.toArray();
        const noise = Tensor.randn(a.shape, this.actRng, this.settings.explorationNoise);
        return clamp(add(a, noise), -1, 1).toArray();
      }),
    );
  }

  private targets(b: BatchTensors, draws: UpdateNoise): Float32Array {
    return noGrad(() => {
      const s = this.settings;
      const raw = Tensor.empty([b.size, this.actDim]);
      draws.normal(raw.data, "nextAction", s.policyNoise);
      const noise = clamp(raw, -s.noiseClip, s.noiseClip);
      const nextAction = clamp(add(this.targetActor.forward(b.nextObs), noise), -1, 1);
      const q = this.targetCritic.forward(b.nextObs, nextAction);
      return softBackup({
        reward: b.reward,
        terminal: b.terminal,
        nextQ: min(q, 0).data,
        gamma: s.gamma,
      });
    });
  }

  update(batch: Batch, opts: UpdateOptions = {}): Record<string, number> {
    this.updates++;
    return tidy(() => {
      const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
      const out = this.updateCritic(b);
      if ((opts.updateActor ?? true) && this.updates % this.settings.policyDelay === 0) {
        Object.assign(out, this.updateActor(b));
        polyakUpdate(this.targetActor, this.actor, this.settings.tau);
        polyakUpdate(this.targetCritic, this.critic, this.settings.tau);
      }
      return out;
    });
  }

  private updateCritic(b: BatchTensors): Record<string, number> {
    const n = this.settings.numCritics;
    const y = Tensor.fromArray(this.targets(b, this.updateNoise), [b.size, 1]);
    const q = this.critic.forward(b.obs, b.action);
    const loss = scale(meanAll(square(sub(q, y))), n);
    this.criticOptimizer.zeroGrad();
    loss.backward();
    this.criticOptimizer.step();
    const criticLoss = loss.item() / n;
    if (!Number.isFinite(criticLoss))
      throw new Error(
        `td3bc: the critic loss became ${criticLoss} at update ${this.updates}; check the batch for non-finite rewards or observations, or lower criticLr.`,
      );
    return { criticLoss, q: meanAll(q).item() };
  }

  private updateActor(b: BatchTensors): Record<string, number> {
    return withFrozenParameters(this.critic, () => {
      const pi = this.actor.forward(b.obs);
      const q1 = this.critic.forwardMembers(b.obs, pi, [0]);
      const lambda = td3bcLambda(q1.data, this.settings.alpha);
      const bcLoss = mse(pi, b.action);
      const loss = add(scale(meanAll(q1), -lambda), bcLoss);
      this.actorOptimizer.zeroGrad();
      loss.backward();
      this.actorOptimizer.step();
      return { actorLoss: loss.item(), lambda, bcLoss: bcLoss.item() };
    });
  }

  /** Per transition, the mean over the critics of |Q_i(s, a) - y| (y with its own noise stream). */
  tdError(batch: Batch): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
        const y = this.targets(b, rngUpdateNoise(this.tdRng));
        return meanAbsoluteError(this.critic.forward(b.obs, b.action).data, y, this.settings.numCritics);
      }),
    );
  }

  protected stateParts(): AgentStateParts {
    return {
      modules: {
        actor: this.actor,
        targetActor: this.targetActor,
        critic: this.critic,
        targetCritic: this.targetCritic,
      },
      optimizers: { actor: this.actorOptimizer, critic: this.criticOptimizer },
      rngs: { train: this.trainRng, act: this.actRng, tdError: this.tdRng },
      counters: { updates: this.updates },
    };
  }

  protected override restoreCounters(counters: Record<string, number>): void {
    this.updates = counters.updates;
  }
}
