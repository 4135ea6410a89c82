// A deterministic policy a = tanh(MLP(s)) in [-1, 1]^actDim: TD3's actor (Fujimoto et al. 2018),
// as used by TD3+BC, and the MSE variant of behavior cloning.
import type { Activation } from "../engine/ops/opCodes.js";
import type { Rng } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import { MLP } from "../nn/mlp.js";
import { Module } from "../nn/module.js";

export interface DeterministicActorOptions {
  obsDim: number;
  actDim: number;
  hiddenSizes: number[];
  activation?: Activation;
}

/** The actor settings of the actor-critic agents' schemas. */
export interface ActorSettings {
  actorHiddenSizes: number[];
  activation: Activation;
}

/** The actor network an agent's settings describe, for its observation and action sizes. */
export function actorOptions(
  sizes: { obsDim: number; actDim: number },
  s: ActorSettings,
): DeterministicActorOptions {
  return {
    obsDim: sizes.obsDim,
    actDim: sizes.actDim,
    hiddenSizes: s.actorHiddenSizes,
    activation: s.activation,
  };
}

export class DeterministicActor extends Module {
  readonly net: MLP;

  constructor(opts: DeterministicActorOptions, rng: Rng) {
    super();
    this.net = this.registerModule("net", tanhPolicyNet(opts, rng));
  }

  forward(obs: Tensor): Tensor {
    return this.net.forward(obs);
  }
}

/** tanh(MLP(s)): this actor's network, and the mean of the Gaussian one (gaussianActor.ts). */
export function tanhPolicyNet(opts: DeterministicActorOptions, rng: Rng): MLP {
  return new MLP(
    {
      sizes: [opts.obsDim, ...opts.hiddenSizes, opts.actDim],
      activation: opts.activation,
      outputActivation: "tanh",
    },
    rng,
  );
}
