// Planar robots (Hopper, Walker2d, HalfCheetah): qpos = (rootx, rootz, rooty, joint angles...).
// The observation is qpos[1:] followed by qvel, clipped to +-velocityClip (Hopper, Walker2d: 10;
// HalfCheetah: no clip). So an observation determines the whole state except the root x position,
// which the dynamics do not depend on: setStateFromObservation puts the robot back in that state.

import { type Box, boxFill } from "../types.js";
import { LocomotionEnv, type LocomotionOptions } from "./locomotionEnv.js";
import type { Mujoco } from "./mujocoModule.js";

export interface PlanarLocomotionOptions extends LocomotionOptions {
  /** Observed velocities are clipped to [-velocityClip, velocityClip] (Infinity: no clipping). */
  velocityClip: number;
}

export abstract class PlanarLocomotionEnv extends LocomotionEnv {
  readonly observationSpace: Box;
  readonly velocityClip: number;

  constructor(mj: Mujoco, opts: PlanarLocomotionOptions) {
    super(mj, opts);
    this.velocityClip = opts.velocityClip;
    const n = this.model.nq - 1 + this.model.nv;
    this.observationSpace = boxFill(n, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  protected observation(): Float64Array {
    const { qpos, qvel } = this.live();
    const nq = qpos.length;
    const clip = this.velocityClip;
    const obs = new Float64Array(nq - 1 + qvel.length);
    for (let i = 1; i < nq; i++) obs[i - 1] = qpos[i];
    for (let i = 0; i < qvel.length; i++) obs[nq - 1 + i] = Math.min(Math.max(qvel[i], -clip), clip);
    return obs;
  }

  /**
   * Puts the robot in the state an observation describes, with root x = xPosition (the rest of the
   * simulation state is reset, as after mj_resetData). Exact only when no velocity was clipped in
   * the observation (Hopper and Walker2d clip at +-10); returns false when some observed velocity
   * sits at the clip bound, i.e. the true velocity may have been larger.
   */
  setStateFromObservation(obs: ArrayLike<number>, xPosition = 0): boolean {
    this.assertOpen();
    const nq = this.model.nq;
    const nv = this.model.nv;
    if (obs.length !== nq - 1 + nv)
      throw new Error(`${this.id}: an observation must have ${nq - 1 + nv} numbers, got ${obs.length}.`);
    for (let i = 0; i < obs.length; i++)
      if (!Number.isFinite(obs[i]))
        throw new Error(`${this.id}: an observation must be finite, got ${obs[i]} at index ${i}.`);
    if (!Number.isFinite(xPosition))
      throw new Error(`${this.id}: xPosition must be a finite number, got ${xPosition}.`);
    const qpos = new Float64Array(nq);
    const qvel = new Float64Array(nv);
    qpos[0] = xPosition;
    let exact = true;
    for (let i = 1; i < nq; i++) qpos[i] = obs[i - 1];
    for (let i = 0; i < nv; i++) {
      qvel[i] = obs[nq - 1 + i];
      if (Math.abs(qvel[i]) >= this.velocityClip) exact = false;
    }
    this.mj.mj_resetData(this.model, this.data);
    this.setQposQvel(qpos, qvel);
    return exact;
  }
}
