// Env steps per second: one env stepped on this thread, or a VectorEnv's total over its
// workers; both with seeded uniform random actions, resetting when episodes end. Each
// measurement is the median of several timed rounds after a warm-up round (the machine may be
// shared, so single rounds are noisy).
import { Rng } from "../../engine/rng.js";
import { makeEnv } from "../registry.js";
import type { Box } from "../types.js";
import { VectorEnv } from "../vector/vectorEnv.js";

export interface RateOptions {
  /** Timed rounds (the median is reported); default 5. */
  rounds?: number;
  /** Length of one round in ms; default 300. */
  roundMs?: number;
  /** Seed of the env and of the random actions; default 0. */
  seed?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("The median of no values is undefined.");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Fills `out` (rows of the box's size) with uniform draws inside the box. */
function fillRandomActions(space: Box, rng: Rng, out: Float64Array): void {
  const n = space.low.length;
  for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(space.low[i % n], space.high[i % n]);
}

/** Runs `step` (which returns the env steps it made) for rounds of roundMs; median steps/s. */
function timedRounds(step: () => number, opts: RateOptions): number {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 300;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer, got ${rounds}.`);
  if (!(roundMs > 0)) throw new Error(`roundMs must be a positive number of milliseconds, got ${roundMs}.`);
  const rates: number[] = [];
  for (let round = -1; round < rounds; round++) {
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < roundMs) {
      steps += step();
      elapsed = performance.now() - start;
    }
    if (round >= 0) rates.push((steps / elapsed) * 1000);
  }
  return median(rates);
}

/** One env on this thread. */
export async function singleStepsPerSec(id: string, opts: RateOptions = {}): Promise<number> {
  const seed = opts.seed ?? 0;
  const env = await makeEnv(id);
  try {
    const rng = new Rng([seed, 1]);
    const action = new Float64Array(env.actionSpace.low.length);
    env.reset({ seed });
    return timedRounds(() => {
      fillRandomActions(env.actionSpace, rng, action);
      const r = env.step(action);
      if (r.terminated || r.truncated) env.reset();
      return 1;
    }, opts);
  } finally {
    env.close();
  }
}

/** A VectorEnv of one env per worker: total env steps per second over all of them. */
export async function vectorStepsPerSec(
  id: string,
  numWorkers: number,
  opts: RateOptions = {},
): Promise<number> {
  const seed = opts.seed ?? 0;
  const vec = await VectorEnv.create(id, numWorkers, { numWorkers });
  try {
    const rng = new Rng([seed, 2]);
    const actions = new Float64Array(numWorkers * vec.actionSpace.low.length);
    vec.reset({ seed });
    return timedRounds(() => {
      fillRandomActions(vec.actionSpace, rng, actions);
      vec.step(actions);
      return numWorkers;
    }, opts);
  } finally {
    vec.close();
  }
}
