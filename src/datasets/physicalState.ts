// The simulator state behind an observation, recorded in datasets as D4RL's infos/qpos and
// infos/qvel. MuJoCo envs give their joint positions and velocities; the classic-control envs give
// their (angle or position, velocity) pair as a one-joint qpos / qvel.
import { MountainCarContinuous } from "../envs/classic/mountainCarContinuous.js";
import { Pendulum } from "../envs/classic/pendulum.js";
import { MujocoEnv } from "../envs/mujoco/mujocoEnv.js";
import type { Env } from "../envs/types.js";
import { unwrapEnv } from "../envs/wrappers/envWrapper.js";

export interface PhysicalStateReader {
  nq: number;
  nv: number;
  /** Writes qpos then qvel of the current state into out[offset .. offset + nq + nv). */
  read(out: Float64Array, offset: number): void;
}

/** A reader of the env's qpos / qvel, or null when the env has no such state. */
export function physicalStateReader(env: Env): PhysicalStateReader | null {
  const inner = unwrapEnv(env);
  if (inner instanceof MujocoEnv) {
    const nq = inner.getQpos().length;
    const nv = inner.getQvel().length;
    return {
      nq,
      nv,
      read(out, offset) {
        out.set(inner.getQpos(), offset);
        out.set(inner.getQvel(), offset + nq);
      },
    };
  }
  if (inner instanceof Pendulum || inner instanceof MountainCarContinuous)
    return {
      nq: 1,
      nv: 1,
      read(out, offset) {
        const [x, v] = inner.state;
        out[offset] = x;
        out[offset + 1] = v;
      },
    };
  return null;
}
