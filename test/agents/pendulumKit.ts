// Pendulum helpers for the learning tests: envs acting in [-1, 1] (RescaleAction onto the
// [-2, 2] torque), deterministic evaluation over several episodes at once, data collection.
import type { Agent } from "../../src/agents/types.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import type { Rng } from "../../src/engine/rng.js";
import { makeEnv } from "../../src/envs/index.js";
import type { Env } from "../../src/envs/types.js";
import { RescaleAction } from "../../src/envs/wrappers/rescaleAction.js";

export const OBS_DIM = 3;
export const ACT_DIM = 1;

export async function makePendulum(): Promise<Env> {
  return new RescaleAction(await makeEnv("pendulum"));
}

/** Mean return of `episodes` deterministic episodes (env seeds seedBase, seedBase + 1, ...), run side by side. */
export async function evaluate(agent: Agent, episodes: number, seedBase: number): Promise<number> {
  const envs = await Promise.all(Array.from({ length: episodes }, () => makePendulum()));
  const obs = new Float32Array(episodes * OBS_DIM);
  envs.forEach((env, i) => obs.set(env.reset({ seed: seedBase + i }).obs, i * OBS_DIM));
  let total = 0;
  let running = true;
  while (running) {
    const actions = agent.actBatch!(obs, episodes, { deterministic: true });
    running = false;
    envs.forEach((env, i) => {
      const r = env.step(actions.subarray(i * ACT_DIM, (i + 1) * ACT_DIM));
      total += r.reward;
      obs.set(r.obs, i * OBS_DIM);
      if (!r.terminated && !r.truncated) running = true;
    });
  }
  for (const env of envs) env.close();
  return total / episodes;
}

/** One env step's transition into the buffer; returns the next observation to act on. */
export function stepInto(
  env: Env,
  buffer: ReplayBuffer,
  obs: Float64Array,
  action: Float32Array,
): Float64Array {
  const r = env.step(action);
  buffer.store({
    obs,
    action,
    reward: r.reward,
    nextObs: r.obs,
    terminal: r.terminated,
    truncated: r.truncated,
  });
  return r.terminated || r.truncated ? env.reset().obs : r.obs;
}

/** `steps` transitions of the agent's stochastic policy: an offline dataset. */
export async function collect(agent: Agent, steps: number, seed: number): Promise<ReplayBuffer> {
  const env = await makePendulum();
  const buffer = new ReplayBuffer(steps, OBS_DIM, ACT_DIM);
  let obs = env.reset({ seed }).obs;
  for (let s = 0; s < steps; s++) obs = stepInto(env, buffer, obs, agent.act(obs, { deterministic: false }));
  env.close();
  return buffer;
}

/** Uniform random action in [-1, 1]^ACT_DIM. */
export function randomAction(rng: Rng): Float32Array {
  return Float32Array.from({ length: ACT_DIM }, () => rng.uniformIn(-1, 1));
}
