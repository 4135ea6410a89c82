// Helpers shared by the MuJoCo env tests: building the bare envs and seeded random actions.
import { Rng } from "../../src/engine/rng.js";
import { Ant } from "../../src/envs/mujoco/ant.js";
import { HalfCheetah } from "../../src/envs/mujoco/halfCheetah.js";
import { Hopper } from "../../src/envs/mujoco/hopper.js";
import { loadMujoco } from "../../src/envs/mujoco/mujocoModule.js";
import { Walker2d } from "../../src/envs/mujoco/walker2d.js";

export const robots = { hopper: Hopper, walker2d: Walker2d, halfcheetah: HalfCheetah, ant: Ant } as const;
export type RobotId = keyof typeof robots;
export const robotIds = Object.keys(robots) as RobotId[];

export async function makeRobot<K extends RobotId>(id: K): Promise<InstanceType<(typeof robots)[K]>> {
  const Robot = robots[id];
  return new Robot(await loadMujoco()) as InstanceType<(typeof robots)[K]>;
}

/** `count` actions uniform in [-scale, scale]^size from a seeded stream. */
export function randomActions(size: number, count: number, seed: number, scale = 1): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from(
    { length: count },
    () => rng.fillUniform(new Float64Array(size), -scale, scale) as Float64Array,
  );
}

export function sumOfSquares(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}
