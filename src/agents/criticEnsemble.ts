// N state-action value functions Q_i(s, a) held as one ensemble MLP (weights [N, out, in]), so that
// all N critics run as one batched product per layer; input concat(s, a), output [N, B, 1].
// SAC's twin critics are N = 2; REDQ (Chen et al. 2021) and RLPD (Ball et al. 2023) use N = 10,
// RLPD with LayerNorm after each hidden dense layer.
import { concat, gatherRows, layerNorm, linear, unary } from "../engine/ops/index.js";
import type { Activation } from "../engine/ops/opCodes.js";
import type { Rng } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import { MLP } from "../nn/mlp.js";
import { Module } from "../nn/module.js";

/** MLP builds its LayerNorms with LayerNorm's default eps (src/nn/layerNorm.ts). */
const MLP_LAYER_NORM_EPS = 1e-5;

export interface CriticEnsembleOptions {
  obsDim: number;
  actDim: number;
  hiddenSizes: number[];
  members: number;
  layerNorm?: boolean;
  activation?: Activation;
}

/** The critic settings that every actor-critic agent's schema holds (criticLayerNorm: SAC family only). */
export interface CriticSettings {
  criticHiddenSizes: number[];
  numCritics: number;
  activation: Activation;
  criticLayerNorm?: boolean;
}

/** The ensemble an agent's critic settings describe, for its observation and action sizes. */
export function criticOptions(
  sizes: { obsDim: number; actDim: number },
  s: CriticSettings,
): CriticEnsembleOptions {
  return {
    obsDim: sizes.obsDim,
    actDim: sizes.actDim,
    hiddenSizes: s.criticHiddenSizes,
    members: s.numCritics,
    layerNorm: s.criticLayerNorm,
    activation: s.activation,
  };
}

export class CriticEnsemble extends Module {
  readonly net: MLP;
  readonly members: number;
  private readonly activation: Activation;
  private readonly useLayerNorm: boolean;

  constructor(opts: CriticEnsembleOptions, rng: Rng) {
    super();
    if (!Number.isInteger(opts.members) || opts.members < 1)
      throw new Error(`A critic ensemble needs a positive integer number of members, got ${opts.members}.`);
    this.members = opts.members;
    this.activation = opts.activation ?? "relu";
    this.useLayerNorm = opts.layerNorm ?? false;
    this.net = this.registerModule(
      "net",
      new MLP(
        {
          sizes: [opts.obsDim + opts.actDim, ...opts.hiddenSizes, 1],
          activation: this.activation,
          layerNorm: this.useLayerNorm,
          ensemble: opts.members,
        },
        rng,
      ),
    );
  }

  /** Q_i(s, a) for every member: [N, B, 1]. */
  forward(obs: Tensor, action: Tensor): Tensor {
    return this.net.forward(concat([obs, action], 1));
  }

  /**
   * Q_i(s, a) for the listed members only: [members.length, B, 1]. Gathers those members' weights
   * and runs the same layers on them, so a REDQ target over M of N critics costs M/N of a full pass.
   */
  forwardMembers(obs: Tensor, action: Tensor, members: readonly number[]): Tensor {
    for (const m of members)
      if (!Number.isInteger(m) || m < 0 || m >= this.members)
        throw new Error(`Critic member ${m} does not exist in an ensemble of ${this.members}.`);
    if (members.length === this.members && members.every((m, i) => m === i)) return this.forward(obs, action);
    let h = concat([obs, action], 1);
    const { layers, norms } = this.net;
    layers.forEach((layer, i) => {
      const weight = gatherRows(layer.weight, members);
      const bias = layer.bias ? gatherRows(layer.bias, members) : null;
      if (i < norms.length) {
        // Same order as MLP.forward: dense (no activation), LayerNorm, activation.
        const norm = norms[i];
        h = linear(h, weight, bias, "identity");
        const g = norm.weight ? gatherRows(norm.weight, members) : null;
        const b = norm.bias ? gatherRows(norm.bias, members) : null;
        h = unary(this.activation, layerNorm(h, g, b, MLP_LAYER_NORM_EPS));
      } else {
        h = linear(h, weight, bias, layer.activation);
      }
    });
    return h;
  }
}
