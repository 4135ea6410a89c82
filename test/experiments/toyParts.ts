// Small, fast stand-ins for the loop tests: a deterministic linear agent implementing the Agent
// interface (its own seeded Rng for exploration, everything saved to one JSON file) and a 1-D env
// whose episodes end both by termination (|x| > 1) and by its time limit.
import { readFileSync } from "node:fs";
import type { ActOptions, Agent, UpdateOptions } from "../../src/agents/types.js";
import type { Batch } from "../../src/data/batch.js";
import { Rng, type RngState } from "../../src/engine/rng.js";
import { box, type Env, type ResetOptions, type ResetResult, type StepResult } from "../../src/envs/types.js";
import { TimeLimit } from "../../src/envs/wrappers/timeLimit.js";
import { writeFileAtomic } from "../../src/util/atomicWrite.js";

/** tanh(W obs + b) plus Gaussian exploration; update() regresses it on the batch's actions. */
export class ToyAgent implements Agent {
  readonly name = "toy";
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** updateActor of every update() call, in order (tests check the UTD pattern). */
  readonly updateActorCalls: boolean[] = [];
  private rng: Rng;
  private updates = 0;

  constructor(
    readonly obsDim: number,
    readonly actDim: number,
    readonly updatesPerStep: number,
    seed: number,
  ) {
    this.rng = new Rng([seed, 99]);
    this.weights = this.rng.fillGaussian(new Float64Array(actDim * obsDim), 0, 0.1) as Float64Array;
    this.bias = new Float64Array(actDim);
  }

  private mean(obs: ArrayLike<number>, row: number): Float64Array {
    const out = new Float64Array(this.actDim);
    for (let i = 0; i < this.actDim; i++) {
      let z = this.bias[i];
      for (let j = 0; j < this.obsDim; j++)
        z += this.weights[i * this.obsDim + j] * obs[row * this.obsDim + j];
      out[i] = Math.tanh(z);
    }
    return out;
  }

  act(obs: ArrayLike<number>, opts: ActOptions): Float32Array {
    const m = this.mean(obs, 0);
    const a = new Float32Array(this.actDim);
    for (let i = 0; i < this.actDim; i++) {
      const noisy = opts.deterministic ? m[i] : m[i] + 0.3 * this.rng.gaussian();
      a[i] = Math.min(1, Math.max(-1, noisy));
    }
    return a;
  }

  update(batch: Batch, opts: UpdateOptions = {}): Record<string, number> {
    this.updateActorCalls.push(opts.updateActor ?? false);
    this.updates++;
    let loss = 0;
    let rewardSum = 0;
    const grad = new Float64Array(this.weights.length);
    for (let b = 0; b < batch.size; b++) {
      const m = this.mean(batch.obs, b);
      for (let i = 0; i < this.actDim; i++) {
        const err = m[i] - batch.action[b * this.actDim + i];
        loss += err * err;
        for (let j = 0; j < this.obsDim; j++)
          grad[i * this.obsDim + j] += err * batch.obs[b * this.obsDim + j];
      }
      rewardSum += batch.reward[b];
    }
    for (let k = 0; k < grad.length; k++) this.weights[k] -= (0.05 * grad[k]) / batch.size;
    const out: Record<string, number> = { loss: loss / batch.size, meanReward: rewardSum / batch.size };
    if (opts.updateActor) out.actorStat = this.weights[0];
    return out;
  }

  tdError(batch: Batch): Float32Array {
    return batch.reward.map(Math.abs);
  }

  save(path: string): void {
    const state = {
      weights: Array.from(this.weights),
      bias: Array.from(this.bias),
      rng: this.rng.state,
      updates: this.updates,
    };
    writeFileAtomic(path, JSON.stringify(state));
  }

  load(path: string): void {
    const state = JSON.parse(readFileSync(path, "utf8")) as {
      weights: number[];
      bias: number[];
      rng: RngState;
      updates: number;
    };
    this.weights.set(state.weights);
    this.bias.set(state.bias);
    this.rng = Rng.fromState(state.rng);
    this.updates = state.updates;
  }

  dispose(): void {}
}

/** x moves by 0.4 a plus noise; reward 1 - |x|; terminated once |x| > 1. */
export class ToyWalk implements Env {
  readonly id = "toy-walk";
  readonly observationSpace = box([-Infinity], [Infinity]);
  readonly actionSpace = box([-1], [1]);
  readonly maxEpisodeSteps = Number.POSITIVE_INFINITY;
  private rng = new Rng(0);
  private x = 0;

  reset(opts: ResetOptions = {}): ResetResult {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.x = this.rng.uniformIn(-0.5, 0.5);
    return { obs: Float64Array.of(this.x), info: {} };
  }

  step(action: ArrayLike<number>): StepResult {
    this.x += 0.4 * action[0] + 0.05 * this.rng.gaussian();
    const terminated = Math.abs(this.x) > 1;
    return {
      obs: Float64Array.of(this.x),
      reward: 1 - Math.abs(this.x),
      terminated,
      truncated: false,
      info: {},
    };
  }

  close(): void {}
}

export const TOY_TIME_LIMIT = 8;

export function makeToyWalk(): Env {
  return new TimeLimit(new ToyWalk(), TOY_TIME_LIMIT);
}
