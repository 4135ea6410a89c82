// What the browser test computes, once in headless Chromium (page.ts, bundled from the browser
// entry alone) and once in Node, with the same code: a hopper rollout, a rendered frame and
// trajectories sampled from a generator. Everything returned is plain JSON, so that the two runs
// can be compared value for value.
import {
  cameraFor,
  makeEnv,
  Rng,
  renderEpisode,
  seededRandomPolicy,
  type TrajectoryGenerator,
} from "atradiff/browser";

export interface CheckInput {
  /** Env steps of the hopper rollout (and of the rendered episode). */
  steps: number;
  /** Side of the rendered frame, pixels. */
  frameSize: number;
  /** Start states for the generator: pendulum resets with these seeds. */
  startSeeds: number[];
  /** Seeds the generator's sampling. */
  sampleSeed: number;
  /** The generator's saved files, by name (the page fetches them from /generator/<name>). */
  generatorFiles: string[];
}

export interface CheckOutput {
  engine: { backend: string; relaxedSimd: boolean; threads: number };
  hopper: { obs: number[][]; rewards: number[]; terminated: boolean[] };
  frame: { width: number; height: number; pixels: number[] };
  trajectories: {
    windowLength: number;
    obs: number[];
    action: number[];
    reward: number[];
    terminal: number[];
  }[];
}

/** The hopper from reset seed 0 under a seeded random policy, step by step. */
export async function hopperRollout(steps: number): Promise<CheckOutput["hopper"]> {
  const env = await makeEnv("hopper");
  try {
    const policy = seededRandomPolicy(env, 7);
    let { obs } = env.reset({ seed: 0 });
    const out: CheckOutput["hopper"] = { obs: [Array.from(obs)], rewards: [], terminated: [] };
    for (let t = 0; t < steps; t++) {
      const r = env.step(policy(obs));
      obs = r.obs;
      out.obs.push(Array.from(obs));
      out.rewards.push(r.reward);
      out.terminated.push(r.terminated);
    }
    return out;
  } finally {
    env.close();
  }
}

/** The last frame of the same hopper episode, ray-cast by the CPU renderer. */
export async function hopperFrame(steps: number, size: number): Promise<CheckOutput["frame"]> {
  const env = await makeEnv("hopper");
  try {
    const episode = renderEpisode(env, seededRandomPolicy(env, 7), {
      seed: 0,
      steps,
      frames: 1,
      size,
      camera: cameraFor("hopper"),
      keepGoing: true,
    });
    const frame = episode.stripFrames[episode.stripFrames.length - 1];
    return { width: frame.width, height: frame.height, pixels: Array.from(frame.pixels) };
  } finally {
    env.close();
  }
}

/** Pendulum reset states for the given seeds, one after the other. */
export async function pendulumStarts(seeds: number[]): Promise<Float32Array> {
  const env = await makeEnv("pendulum");
  try {
    const dim = env.observationSpace.shape[0];
    const states = new Float32Array(seeds.length * dim);
    seeds.forEach((seed, i) => states.set(env.reset({ seed }).obs, i * dim));
    return states;
  } finally {
    env.close();
  }
}

/** The generator's trajectories from those start states, sampled with `seed`. */
export function sampleTrajectories(
  generator: TrajectoryGenerator,
  starts: Float32Array,
  seed: number,
): CheckOutput["trajectories"] {
  return generator.generate(starts, { rng: new Rng(seed) }).map((t) => ({
    windowLength: t.windowLength,
    obs: Array.from(t.obs),
    action: Array.from(t.action),
    reward: Array.from(t.reward),
    terminal: Array.from(t.terminal),
  }));
}
