// IQL, implicit Q-learning (Kostrikov et al. 2022), following CORL's implementation:
//   value:  V regresses on min_i Q'_i(s, a) (target critics) with the expectile loss;
//   critic: twin Q regress on y = r + gamma (1 - d) V(s') (V before this update, no bootstrapped max);
//   actor:  advantage-weighted regression: minimize mean min(exp(beta A), maxAdvantageWeight) (-log pi(a|s)),
//           A = min_i Q'_i(s, a) - V(s), with a Gaussian policy (tanh mean, state-independent std);
//   targets: polyak averaging of the critics after each critic step.
import type { Batch } from "../data/batch.js";
import { meanAll, min, mul, neg, square, sub } from "../engine/ops/index.js";
import type { Rng } from "../engine/rng.js";
import { noGrad, Tensor, tidy } from "../engine/tensor.js";
import { Adam } from "../nn/adam.js";
import { polyakUpdate, withTarget } from "../nn/averaging.js";
import { MLP } from "../nn/mlp.js";
import { cosineLr } from "../nn/schedule.js";
import { AgentBase } from "./agentBase.js";
import type { AgentStateParts } from "./agentCheckpoint.js";
import type { AgentOptions } from "./agentOptions.js";
import { type BatchTensors, batchTensors, observationTensor } from "./batchTensors.js";
import { CriticEnsemble, criticOptions } from "./criticEnsemble.js";
import { actorOptions } from "./deterministicActor.js";
import { softBackup } from "./ensembleTarget.js";
import { expectileLoss } from "./expectileLoss.js";
import { GaussianActor } from "./gaussianActor.js";
import { iqlSettingsSchema } from "./iqlSettings.js";
import { meanAbsoluteError } from "./tdError.js";
import type { ActOptions, UpdateOptions } from "./types.js";

export class Iql extends AgentBase<typeof iqlSettingsSchema, "iql"> {
  readonly updatesPerStep = 1;
  readonly actor: GaussianActor;
  readonly critic: CriticEnsemble;
  readonly targetCritic: CriticEnsemble;
  readonly value: MLP;
  readonly actorOptimizer: Adam;
  readonly criticOptimizer: Adam;
  readonly valueOptimizer: Adam;
  private readonly actRng: Rng;

  constructor(opts: AgentOptions) {
    super("iql", iqlSettingsSchema, opts);
    const s = this.settings;
    const root = this.seedRng;
    const initRng = root.split();
    this.actRng = root.split();
    this.actor = new GaussianActor(
      { ...actorOptions(this, s), logStdMin: s.logStdMin, logStdMax: s.logStdMax },
      initRng,
    );
    [this.critic, this.targetCritic] = withTarget(() => new CriticEnsemble(criticOptions(this, s), initRng));
    this.value = new MLP(
      { sizes: [this.obsDim, ...s.valueHiddenSizes, 1], activation: s.activation },
      initRng,
    );
    this.actorOptimizer = new Adam(this.actor.parameters(), { lr: s.actorLr });
    this.criticOptimizer = new Adam(this.critic.parameters(), { lr: s.criticLr });
    this.valueOptimizer = new Adam(this.value.parameters(), { lr: s.valueLr });
  }

  /** Deterministic: the Gaussian's mean; otherwise a sample clipped to [-1, 1]. */
  actBatch(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const o = observationTensor(this.name, obs, count, this.obsDim);
        return (opts.deterministic ? this.actor.mean(o) : this.actor.sample(o, this.actRng)).toArray();
      }),
    );
  }

  update(batch: Batch, opts: UpdateOptions = {}): Record<string, number> {
    return tidy(() => {
      const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
      const y = noGrad(() => this.criticTargets(b));
      const { valueLoss, advantage } = this.updateValue(b);
      const out: Record<string, number> = { valueLoss, ...this.updateCritic(b, y) };
      if (opts.updateActor ?? true) Object.assign(out, this.updateActor(b, advantage));
      return out;
    });
  }

  /** y = r + gamma (1 - d) V(s'), with V as it is before this update's value step. */
  private criticTargets(b: BatchTensors): Float32Array {
    return softBackup({
      reward: b.reward,
      terminal: b.terminal,
      nextQ: this.value.forward(b.nextObs).data,
      gamma: this.settings.gamma,
    });
  }

  private updateValue(b: BatchTensors): { valueLoss: number; advantage: Float32Array } {
    const targetQ = noGrad(() => min(this.targetCritic.forward(b.obs, b.action), 0));
    const u = sub(targetQ, this.value.forward(b.obs));
    const loss = expectileLoss(u, this.settings.expectile);
    this.valueOptimizer.zeroGrad();
    loss.backward();
    this.valueOptimizer.step();
    const valueLoss = loss.item();
    if (!Number.isFinite(valueLoss))
      throw new Error(
        `iql: the value loss became ${valueLoss}; check the batch for non-finite rewards or observations, or lower valueLr.`,
      );
    return { valueLoss, advantage: u.toArray() };
  }

  private updateCritic(b: BatchTensors, yValues: Float32Array): Record<string, number> {
    const y = Tensor.fromArray(yValues, [b.size, 1]);
    const q = this.critic.forward(b.obs, b.action);
    // CORL: the mean over the critics of each one's MSE.
    const loss = meanAll(square(sub(q, y)));
    this.criticOptimizer.zeroGrad();
    loss.backward();
    this.criticOptimizer.step();
    polyakUpdate(this.targetCritic, this.critic, this.settings.tau);
    return { criticLoss: loss.item(), q: meanAll(q).item() };
  }

  private updateActor(b: BatchTensors, advantage: Float32Array): Record<string, number> {
    const s = this.settings;
    if (s.actorLrSchedule === "cosine")
      this.actorOptimizer.lr = cosineLr(this.actorOptimizer.stepCount, {
        baseLr: s.actorLr,
        totalSteps: s.actorLrDecaySteps,
      });
    const weights = new Float32Array(b.size);
    for (let i = 0; i < b.size; i++)
      weights[i] = Math.min(Math.exp(s.beta * advantage[i]), s.maxAdvantageWeight);
    const w = Tensor.fromArray(weights, [b.size, 1]);
    const loss = meanAll(mul(w, neg(this.actor.logProb(b.obs, b.action))));
    this.actorOptimizer.zeroGrad();
    loss.backward();
    this.actorOptimizer.step();
    return { actorLoss: loss.item(), actorLr: this.actorOptimizer.lr, advantageWeight: meanOf(weights) };
  }

  /** Per transition, the mean over the critics of |Q_i(s, a) - (r + gamma (1 - d) V(s'))|. */
  tdError(batch: Batch): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
        const y = this.criticTargets(b);
        return meanAbsoluteError(this.critic.forward(b.obs, b.action).data, y, this.settings.numCritics);
      }),
    );
  }

  protected stateParts(): AgentStateParts {
    return {
      modules: { actor: this.actor, critic: this.critic, targetCritic: this.targetCritic, value: this.value },
      optimizers: { actor: this.actorOptimizer, critic: this.criticOptimizer, value: this.valueOptimizer },
      rngs: { act: this.actRng },
      counters: {},
    };
  }
}

function meanOf(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}
