// Env steps per second, measured in interleaved rounds so that every variant sees the same
// machine load: one env stepped on this thread ("single"), a 2-thread VectorEnv's total ("vec2"),
// and for MuJoCo envs a bare loop (write ctrl, mj_step frame-skip times; the env's own reset and
// termination rule only at episode ends) on the env's model ("envModel") and on the same model
// with MuJoCo's default options ("mujocoDefaults"), as references for the env's own overhead.
// All with seeded uniform random actions. Each rate is the median over the timed rounds, after a
// warm-up round (the machine may be shared, so single rounds are noisy). Besides steps per second
// of wall-clock time, the one-thread variants are also counted per second of this process's CPU
// time, which other processes on a busy machine disturb much less (vec2's CPU time would include
// its spinning and waking, so it gets wall-clock time only).
import { Rng } from "../../engine/rng.js";
import { LocomotionEnv } from "../../envs/mujoco/locomotionEnv.js";
import { MujocoEnv } from "../../envs/mujoco/mujocoEnv.js";
import { makeEnv } from "../../envs/registry.js";
import type { Env } from "../../envs/types.js";
import { VectorEnv } from "../../envs/vector/vectorEnv.js";
import { unwrapEnv } from "../../envs/wrappers/envWrapper.js";
import { benchStreams } from "../../util/randomStreams.js";
import { median } from "../median.js";

export interface RateOptions {
  /** Timed rounds (the median is reported); default 5. */
  rounds?: number;
  /** Length of one round of one variant in ms; default 300. */
  roundMs?: number;
  /** Seed of the envs and of the random actions; default 0. */
  seed?: number;
}

export interface StepRates {
  single: number;
  vec2: number;
  /** MuJoCo envs only: the bare stepping loops. */
  bare?: { envModel: number; mujocoDefaults: number };
  /** Steps per second of CPU time (single, and the bare loops of MuJoCo envs). */
  perCpuSecond: { single: number; envModel?: number; mujocoDefaults?: number };
}

/** Median steps per second of a stepper over the rounds: of wall-clock time and of CPU time. */
export interface RoundRates {
  wall: number;
  cpu: number;
}

/** Makes some env steps; returns how many. */
type Stepper = () => number;

/** Fills `out` (rows of the box's size) with uniform draws inside the box. */
function fillRandomActions(
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  rng: Rng,
  out: Float64Array,
): void {
  const n = low.length;
  for (let i = 0; i < out.length; i++) out[i] = rng.uniformIn(low[i % n], high[i % n]);
}

/** Runs every stepper for roundMs per round, in turn; the median steps/s of each. */
export function interleavedRates<K extends string>(
  steppers: Record<K, Stepper>,
  opts: RateOptions,
): Record<K, RoundRates> {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 300;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`rounds must be a positive integer, got ${rounds}.`);
  if (!(roundMs > 0)) throw new Error(`roundMs must be a positive number of milliseconds, got ${roundMs}.`);
  const names = Object.keys(steppers) as K[];
  const wall = new Map<K, number[]>(names.map((k) => [k, []]));
  const cpu = new Map<K, number[]>(names.map((k) => [k, []]));
  for (let round = -1; round < rounds; round++)
    for (const name of names) {
      const step = steppers[name];
      let steps = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < roundMs) {
        steps += step();
        elapsed = performance.now() - start;
      }
      const used = process.cpuUsage(cpuStart);
      if (round < 0) continue;
      wall.get(name)?.push((steps / elapsed) * 1000);
      cpu.get(name)?.push((steps / (used.user + used.system)) * 1e6);
    }
  return Object.fromEntries(
    names.map((k) => [k, { wall: median(wall.get(k) ?? []), cpu: median(cpu.get(k) ?? []) }]),
  ) as Record<K, RoundRates>;
}

function singleStepper(env: Env, rng: Rng): Stepper {
  const { low, high } = env.actionSpace;
  const action = new Float64Array(low.length);
  return () => {
    fillRandomActions(low, high, rng, action);
    const r = env.step(action);
    if (r.terminated || r.truncated) env.reset();
    return 1;
  };
}

function vectorStepper(vec: VectorEnv, rng: Rng): Stepper {
  const { low, high } = vec.actionSpace;
  const actions = new Float64Array(vec.numEnvs * low.length);
  return () => {
    fillRandomActions(low, high, rng, actions);
    vec.step(actions);
    return vec.numEnvs;
  };
}

/** The bare MuJoCo loop on `env`'s model and data: controls uniform in the actuators' ctrlrange. */
function bareStepper(env: MujocoEnv, maxEpisodeSteps: number, rng: Rng): Stepper {
  const { mj, model, data, frameSkip } = env;
  const range = Float64Array.from(model.actuator_ctrlrange as Float64Array);
  const low = range.filter((_, i) => i % 2 === 0);
  const high = range.filter((_, i) => i % 2 === 1);
  const controls = new Float64Array(low.length);
  const healthy = env instanceof LocomotionEnv ? () => env.isHealthy() : () => true;
  let t = 0;
  return () => {
    fillRandomActions(low, high, rng, controls);
    (data.ctrl as Float64Array).set(controls);
    for (let k = 0; k < frameSkip; k++) mj.mj_step(model, data);
    if (++t >= maxEpisodeSteps || !healthy()) {
      env.reset();
      t = 0;
    }
    return 1;
  };
}

/** single, vec2 and (MuJoCo envs) the bare loops of env `id`, measured in interleaved rounds. */
export async function measureStepRates(id: string, opts: RateOptions = {}): Promise<StepRates> {
  const seed = opts.seed ?? 0;
  const opened: { close(): void }[] = [];
  try {
    const single = await makeEnv(id);
    opened.push(single);
    single.reset({ seed });
    const vec = await VectorEnv.create(id, 2, { numThreads: 2 });
    opened.push(vec);
    vec.reset({ seed });
    const steppers: Record<string, Stepper> = {
      single: singleStepper(single, new Rng(benchStreams.singleEnvActions(seed))),
      vec2: vectorStepper(vec, new Rng(benchStreams.vectorEnvActions(seed))),
    };
    if (unwrapEnv(single) instanceof MujocoEnv) {
      for (const [name, defaults] of [
        ["envModel", false],
        ["mujocoDefaults", true],
      ] as const) {
        const wrapped = await makeEnv(id);
        opened.push(wrapped);
        const bare = unwrapEnv(wrapped) as MujocoEnv;
        if (defaults) {
          const option = bare.model.opt;
          option.disableflags = 0;
          option.enableflags = 0;
          option.delete();
        }
        bare.reset({ seed });
        steppers[name] = bareStepper(
          bare,
          wrapped.maxEpisodeSteps,
          new Rng(benchStreams.bareEnvActions(seed)),
        );
      }
    }
    const r = interleavedRates(steppers, opts);
    const rates: StepRates = {
      single: r.single.wall,
      vec2: r.vec2.wall,
      perCpuSecond: { single: r.single.cpu },
    };
    if (r.envModel !== undefined) {
      rates.bare = { envModel: r.envModel.wall, mujocoDefaults: r.mujocoDefaults.wall };
      rates.perCpuSecond.envModel = r.envModel.cpu;
      rates.perCpuSecond.mujocoDefaults = r.mujocoDefaults.cpu;
    }
    return rates;
  } finally {
    for (const env of opened.reverse()) env.close();
  }
}
