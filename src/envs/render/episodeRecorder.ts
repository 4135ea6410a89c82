// Plays one episode of a MuJoCo env with a given policy and renders it: a few evenly spaced frames
// for a filmstrip and, optionally, every k-th step for an animation that plays in real time.
// The scene is snapshotted after every step (a few kB) and rendered once the episode's length is
// known, so the filmstrip always spans the whole episode, however early it ends.
import type { MjData, MjModel } from "@mujoco/mujoco";
import { Rng } from "../../engine/rng.js";
import { randomStreams } from "../../util/randomStreams.js";
import type { Box, Env } from "../types.js";
import { unwrapEnv } from "../wrappers/envWrapper.js";
import type { CameraSettings } from "./camera.js";
import { sceneFromMujoco } from "./mujocoScene.js";
import { RayCaster, type RgbImage } from "./rayCaster.js";
import type { RenderSettings } from "./renderSettings.js";
import { createScene, type Scene } from "./scene.js";

/** What the renderer needs from an env: MuJoCo's model and data (and its step length, if known). */
export interface MujocoBacked {
  model: MjModel;
  data: MjData;
  dt?: number;
}

/** The MuJoCo model and data under `env`'s wrappers; throws for envs without them. */
export function mujocoOf(env: Env): MujocoBacked {
  const inner = unwrapEnv(env) as Partial<MujocoBacked>;
  if (inner.model === undefined || inner.data === undefined)
    throw new Error(`The environment "${env.id}" has no MuJoCo model, so it cannot be rendered.`);
  return inner as MujocoBacked;
}

export type Policy = (obs: Float64Array) => ArrayLike<number>;

/** Actions drawn uniformly from a bounded action space. */
export function randomPolicy(actionSpace: Box, rng: Rng): Policy {
  const { low, high } = actionSpace;
  for (let i = 0; i < low.length; i++)
    if (!Number.isFinite(low[i]) || !Number.isFinite(high[i]))
      throw new Error(
        `A random policy needs a bounded action space; dimension ${i} is [${low[i]}, ${high[i]}].`,
      );
  const action = new Float64Array(low.length);
  return () => {
    for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
    return action;
  };
}

export interface EpisodeRenderOptions {
  /** Seeds env.reset. */
  seed: number;
  /** At most this many env steps. */
  steps: number;
  /** Filmstrip frames, evenly spaced from the reset state to the last state. */
  frames: number;
  /** Square frame side, pixels. */
  size: number;
  camera: CameraSettings;
  /** Also render an animation (every k-th step, k chosen for real-time playback). */
  animation?: boolean;
  /**
   * Keep stepping after the env reports termination (MuJoCo simply goes on simulating, e.g. the
   * robot's fall); only the step budget and the time limit end the episode then.
   */
  keepGoing?: boolean;
  settings?: Partial<RenderSettings>;
}

export interface RenderedEpisode {
  stripFrames: RgbImage[];
  /** The step each filmstrip frame shows (0 = the reset state). */
  stripSteps: number[];
  animationFrames: RgbImage[];
  /** Display time of one animation frame. */
  animationDelayMs: number;
  /** Env steps taken. */
  length: number;
  /** The step at which the env first reported termination, if it did. */
  terminatedAt?: number;
  terminated: boolean;
  truncated: boolean;
  /** Sum of rewards up to the end of the episode (its termination, if it terminated). */
  totalReward: number;
}

/** Shortest animation frame time: browsers slow GIF frames shorter than 20 ms down to 100 ms. */
const MIN_ANIMATION_DELAY_S = 0.04;
/** Step length assumed when an env does not say (Gymnasium's common 0.05 s). */
const FALLBACK_DT = 0.05;

function copyScene(s: Scene): Scene {
  const c = createScene(s.count);
  c.count = s.count;
  c.kind.set(s.kind.subarray(0, s.count));
  c.size.set(s.size.subarray(0, 3 * s.count));
  c.pos.set(s.pos.subarray(0, 3 * s.count));
  c.rot.set(s.rot.subarray(0, 9 * s.count));
  c.rgba.set(s.rgba.subarray(0, 4 * s.count));
  c.focus.set(s.focus);
  return c;
}

/** Evenly spaced step indices in [0, last], at most `count` of them, without repeats. */
export function evenlySpacedSteps(last: number, count: number): number[] {
  if (count === 1) return [last];
  const steps = new Set<number>();
  for (let i = 0; i < count; i++) steps.add(Math.round((i * last) / (count - 1)));
  return [...steps];
}

export function renderEpisode(env: Env, policy: Policy, opts: EpisodeRenderOptions): RenderedEpisode {
  for (const [name, v, min] of [
    ["steps", opts.steps, 1],
    ["frames", opts.frames, 1],
    ["size", opts.size, 8],
  ] as const)
    if (!Number.isInteger(v) || v < min)
      throw new Error(`The episode's ${name} must be an integer >= ${min}, got ${v}.`);
  const { model, data, dt } = mujocoOf(env);
  const stepSeconds = dt !== undefined && dt > 0 ? dt : FALLBACK_DT;

  // Built first so that bad render settings fail before the episode is played.
  const caster = new RayCaster(opts.size, opts.size, opts.settings);
  const snapshots: Scene[] = [];
  const live = createScene(model.ngeom);
  const snapshot = () => snapshots.push(copyScene(sceneFromMujoco(model, data, live).scene));
  let { obs } = env.reset({ seed: opts.seed });
  snapshot();
  let terminated = false;
  let terminatedAt: number | undefined;
  let truncated = false;
  let totalReward = 0;
  let length = 0;
  while (length < opts.steps && !truncated && (opts.keepGoing || !terminated)) {
    const r = env.step(policy(obs));
    obs = r.obs;
    truncated = r.truncated;
    // The return stops at termination (steps taken with keepGoing only add pictures).
    if (!terminated) totalReward += r.reward;
    length++;
    if (r.terminated && !terminated) {
      terminated = true;
      terminatedAt = length;
    }
    snapshot();
  }

  const draw = (step: number) => caster.render(snapshots[step], opts.camera);
  const stripSteps = evenlySpacedSteps(length, opts.frames);
  const stride = Math.max(1, Math.ceil(MIN_ANIMATION_DELAY_S / stepSeconds - 1e-9));
  const animationFrames: RgbImage[] = [];
  if (opts.animation) for (let step = 0; step <= length; step += stride) animationFrames.push(draw(step));
  return {
    stripFrames: stripSteps.map(draw),
    stripSteps,
    animationFrames,
    animationDelayMs: stride * stepSeconds * 1000,
    length,
    terminatedAt,
    terminated,
    truncated,
    totalReward,
  };
}

/** A seeded random policy for `env` (its own stream, independent of the env's). */
export function seededRandomPolicy(env: Env, seed: number): Policy {
  return randomPolicy(env.actionSpace, new Rng(randomStreams.renderPolicy(seed)));
}
