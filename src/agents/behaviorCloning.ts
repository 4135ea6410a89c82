// Behavior cloning: supervised learning of the dataset's actions.
//   loss "mse":      minimize mean (pi(s) - a)^2 with pi(s) = tanh(MLP(s)) (CORL's BC);
//   loss "gaussian": maximize mean log N(a; tanh(MLP(s)), std^2), std learned per action dim.
// BC has no critic, so it has no TD error.
import type { Batch } from "../data/batch.js";
import { meanAll, mse, neg } from "../engine/ops/index.js";
import type { Rng } from "../engine/rng.js";
import { noGrad, type Tensor, tidy } from "../engine/tensor.js";
import { Adam } from "../nn/adam.js";
import { AgentBase } from "./agentBase.js";
import type { AgentStateParts } from "./agentCheckpoint.js";
import type { AgentOptions } from "./agentOptions.js";
import { batchTensors, observationTensor } from "./batchTensors.js";
import { bcSettingsSchema } from "./bcSettings.js";
import { DeterministicActor } from "./deterministicActor.js";
import { GaussianActor } from "./gaussianActor.js";
import type { ActOptions } from "./types.js";

export class BehaviorCloning extends AgentBase<typeof bcSettingsSchema, "bc"> {
  readonly updatesPerStep = 1;
  readonly actor: DeterministicActor | GaussianActor;
  readonly optimizer: Adam;
  private readonly actRng: Rng;

  constructor(opts: AgentOptions) {
    super("bc", bcSettingsSchema, opts);
    const s = this.settings;
    const root = this.seedRng;
    const initRng = root.split();
    this.actRng = root.split();
    const sizes = {
      obsDim: this.obsDim,
      actDim: this.actDim,
      hiddenSizes: s.hiddenSizes,
      activation: s.activation,
    };
    this.actor =
      s.loss === "mse"
        ? new DeterministicActor(sizes, initRng)
        : new GaussianActor({ ...sizes, logStdMin: s.logStdMin, logStdMax: s.logStdMax }, initRng);
    this.optimizer = new Adam(this.actor.parameters(), { lr: s.lr });
  }

  /** The policy's action; a Gaussian BC policy samples when not deterministic, an MSE one cannot. */
  actBatch(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array {
    return tidy(() =>
      noGrad(() => {
        const o = observationTensor(this.name, obs, count, this.obsDim);
        const actor = this.actor;
        if (actor instanceof DeterministicActor) return actor.forward(o).toArray();
        return (opts.deterministic ? actor.mean(o) : actor.sample(o, this.actRng)).toArray();
      }),
    );
  }

  update(batch: Batch): Record<string, number> {
    return tidy(() => {
      const b = batchTensors(this.name, batch, this.obsDim, this.actDim);
      const actor = this.actor;
      const loss: Tensor =
        actor instanceof DeterministicActor
          ? mse(actor.forward(b.obs), b.action)
          : meanAll(neg(actor.logProb(b.obs, b.action)));
      this.optimizer.zeroGrad();
      loss.backward();
      this.optimizer.step();
      const value = loss.item();
      if (!Number.isFinite(value))
        throw new Error(
          `bc: the loss became ${value}; check the batch for non-finite observations or actions.`,
        );
      return { bcLoss: value };
    });
  }

  tdError(_batch: Batch): Float32Array {
    throw new Error("bc: behavior cloning has no critic, so it has no TD error; use an agent with critics.");
  }

  protected stateParts(): AgentStateParts {
    return {
      modules: { actor: this.actor },
      optimizers: { actor: this.optimizer },
      rngs: { act: this.actRng },
      counters: {},
    };
  }
}
