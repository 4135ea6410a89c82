// Base of the MuJoCo envs: owns one MjModel (a copy of the thread's compiled model of the env's
// own MJCF string, see modelCache.ts) and one MjData, steps the physics frame_skip times per env step, resets through mj_resetData + noise +
// mj_forward, and snapshots the exact physics state. `model` and `data` are public so a renderer
// can read geom_xpos, geom_xmat, geom_size, geom_type, geom_rgba.
//
// MjModel / MjData arrays are views into the wasm heap; when the heap grows (any new model or data
// in the thread), every cached view is detached and reads as empty. The views kept here for the
// per-step work are re-read whenever that happened; code outside should read `data.qpos` etc.
// afresh instead of keeping them.
import { Rng } from "../../engine/rng.js";
import type { Box, Env, ResetOptions, ResetResult, StepResult } from "../types.js";
import { box } from "../types.js";
import { modelFromXml } from "./modelCache.js";
import type { DoubleBuffer, MjData, MjModel, Mujoco } from "./mujocoModule.js";

export interface MujocoEnvOptions {
  id: string;
  /** The model: an MJCF document with `<size memory=...>` set (the default arena is 13 MiB). */
  xml: string;
  /** Physics steps per env step. */
  frameSkip: number;
  /**
   * Compute the contact and constraint forces (cacc, cfrc_int, cfrc_ext: mj_rnePostConstraint)
   * after every env step, as Gymnasium does; default false. They feed nothing in the dynamics, so
   * only an env whose observation or reward reads them needs them (none of the v4 defaults here:
   * Ant-v4 uses contact forces only with use_contact_forces=True).
   */
  contactForces?: boolean;
}

/** Live views of the arrays the per-step code touches. */
interface Views {
  qpos: Float64Array;
  qvel: Float64Array;
  ctrl: Float64Array;
  xpos: Float64Array;
}

export abstract class MujocoEnv implements Env {
  readonly id: string;
  readonly mj: Mujoco;
  readonly model: MjModel;
  readonly data: MjData;
  readonly frameSkip: number;
  /** Whether data.cacc / cfrc_int / cfrc_ext are brought up to date after each env step. */
  readonly contactForces: boolean;
  /** Seconds per env step: timestep * frameSkip. */
  readonly dt: number;
  readonly actionSpace: Box;
  abstract readonly observationSpace: Box;
  /** The bare env never truncates; `makeEnv` wraps it in a TimeLimit. */
  readonly maxEpisodeSteps = Number.POSITIVE_INFINITY;
  /** Length of the vector getState returns. */
  readonly stateSize: number;
  /** The reference configuration (model.qpos0) that reset noise is added to; velocities start at 0. */
  protected readonly initQpos: Float64Array;
  /** The env's random stream: reseeded by reset({seed}), seed 0 until then. */
  protected rng = new Rng(0);
  private readonly physicsStateSize: number;
  private readonly stateSpec: number;
  /** Scratch wasm memory for mj_getState (a plain typed array would not be written back). */
  private readonly stateBuffer: DoubleBuffer;
  private views: Views;
  private started = false;
  private closed = false;

  constructor(mj: Mujoco, opts: MujocoEnvOptions) {
    this.id = opts.id;
    this.mj = mj;
    if (!Number.isInteger(opts.frameSkip) || opts.frameSkip < 1)
      throw new Error(`${opts.id}: frameSkip must be a positive integer, got ${opts.frameSkip}.`);
    this.frameSkip = opts.frameSkip;
    this.contactForces = opts.contactForces ?? false;
    try {
      this.model = modelFromXml(mj, opts.xml);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`${opts.id}: MuJoCo could not compile the model: ${why.trim()}`);
    }
    this.data = new mj.MjData(this.model);
    const option = this.model.opt;
    this.dt = option.timestep * this.frameSkip;
    option.delete();
    this.stateSpec = mj.mjtState.mjSTATE_INTEGRATION.value;
    this.physicsStateSize = mj.mj_stateSize(this.model, this.stateSpec);
    this.stateSize = this.physicsStateSize + this.extraStateSize();
    this.stateBuffer = new mj.DoubleBuffer(this.physicsStateSize);
    this.views = this.readViews();
    const range = this.model.actuator_ctrlrange as Float64Array;
    const nu = this.model.nu;
    this.actionSpace = box(
      Array.from({ length: nu }, (_, i) => range[2 * i]),
      Array.from({ length: nu }, (_, i) => range[2 * i + 1]),
    );
    this.initQpos = Float64Array.from(this.model.qpos0 as Float64Array);
  }

  reset(opts: ResetOptions = {}): ResetResult {
    this.assertOpen();
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    const { mj, model, data } = this;
    mj.mj_resetData(model, data);
    const { qpos, qvel } = this.live();
    qpos.set(this.initQpos);
    qvel.fill(0);
    this.addResetNoise(qpos, qvel, this.rng);
    mj.mj_forward(model, data);
    this.started = true;
    this.onStateSet();
    return { obs: this.observation(), info: this.resetInfo() };
  }

  abstract step(action: ArrayLike<number>): StepResult;

  /**
   * The exact simulation state (MuJoCo's integration state: time, qpos, qvel, warm start, ctrl,
   * applied forces..., then any env bookkeeping): setState(getState()) continues bit for bit.
   */
  getState(): Float64Array {
    this.assertOpen();
    this.mj.mj_getState(this.model, this.data, this.stateBuffer, this.stateSpec);
    const out = new Float64Array(this.stateSize);
    out.set(this.stateBuffer.GetView() as Float64Array);
    this.writeExtraState(out, this.physicsStateSize);
    return out;
  }

  setState(state: ArrayLike<number>): void {
    this.assertOpen();
    if (state.length !== this.stateSize)
      throw new Error(`${this.id}: a state must have ${this.stateSize} numbers, got ${state.length}.`);
    const physics = new Float64Array(this.physicsStateSize);
    for (let i = 0; i < physics.length; i++) physics[i] = state[i];
    // The binding copies a typed array in (it refuses a wasm DoubleBuffer here).
    this.mj.mj_setState(this.model, this.data, physics as unknown as number[], this.stateSpec);
    // Recompute positions, contacts... so `data` describes the restored state (e.g. for rendering).
    this.mj.mj_forward(this.model, this.data);
    this.readExtraState(state, this.physicsStateSize);
    this.started = true;
  }

  /** The observation of the current state, as step() would return it (a fresh array). */
  currentObservation(): Float64Array {
    this.assertOpen();
    return this.observation();
  }

  /** A copy of the joint positions. */
  getQpos(): Float64Array {
    this.assertOpen();
    return Float64Array.from(this.live().qpos);
  }

  /** A copy of the joint velocities. */
  getQvel(): Float64Array {
    this.assertOpen();
    return Float64Array.from(this.live().qvel);
  }

  /**
   * Sets joint positions and velocities (Gymnasium's set_state: the rest of the state, e.g. time and
   * the solver's warm start, is kept) and recomputes the derived quantities.
   */
  setQposQvel(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    this.assertOpen();
    const live = this.live();
    if (qpos.length !== live.qpos.length || qvel.length !== live.qvel.length)
      throw new Error(
        `${this.id}: qpos and qvel must have ${live.qpos.length} and ${live.qvel.length} numbers, got ${qpos.length} and ${qvel.length}.`,
      );
    live.qpos.set(qpos);
    live.qvel.set(qvel);
    this.mj.mj_forward(this.model, this.data);
    this.started = true;
    this.onStateSet();
  }

  /** Frees the model and data; the env cannot be used afterwards (closing twice is harmless). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stateBuffer.delete();
    this.data.delete();
    this.model.delete();
  }

  /** Adds the env's reset noise to qpos (= qpos0) and qvel (= 0), in place. */
  protected abstract addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng): void;

  /** A fresh observation array of the current state (the env never writes to it afterwards). */
  protected abstract observation(): Float64Array;

  protected resetInfo(): ResetResult["info"] {
    return {};
  }

  /** Called after reset and setQposQvel (not setState, which restores the bookkeeping instead). */
  protected onStateSet(): void {}

  /** How many numbers of env bookkeeping getState appends to the physics state (a constant). */
  protected extraStateSize(): number {
    return 0;
  }
  /** Writes the bookkeeping into out[offset...]. */
  protected writeExtraState(_out: Float64Array, _offset: number): void {}
  /** Restores the bookkeeping from state[offset...]. */
  protected readExtraState(_state: ArrayLike<number>, _offset: number): void {}

  /** Writes ctrl, advances frameSkip physics steps (then cacc / cfrc_* if contactForces). */
  protected simulate(action: ArrayLike<number>): void {
    const { mj, model, data } = this;
    const ctrl = this.live().ctrl;
    for (let i = 0; i < ctrl.length; i++) ctrl[i] = action[i];
    for (let k = 0; k < this.frameSkip; k++) mj.mj_step(model, data);
    if (this.contactForces) mj.mj_rnePostConstraint(model, data);
  }

  /** Throws unless the env is open and has been reset (or given a state). */
  protected assertReady(): void {
    this.assertOpen();
    if (!this.started) throw new Error(`${this.id}: call reset() before step().`);
  }

  protected assertOpen(): void {
    if (this.closed) throw new Error(`${this.id}: the env is closed.`);
  }

  /** The cached views, re-read if a heap growth detached them. */
  protected live(): Views {
    if (this.views.qpos.buffer.byteLength === 0) this.views = this.readViews();
    return this.views;
  }

  private readViews(): Views {
    const { data } = this;
    return { qpos: data.qpos, qvel: data.qvel, ctrl: data.ctrl, xpos: data.xpos };
  }
}
