// An env wrapper that logs the simulator state before every step (the state the step's observation
// describes, as D4RL's infos/qpos and infos/qvel) into a StateLog, flushing it at episode ends.
// Once `stop()` is called it only forwards.
import type { Env, StepResult } from "../envs/types.js";
import { EnvWrapper } from "../envs/wrappers/envWrapper.js";
import type { PhysicalStateReader } from "./physicalState.js";
import type { StateLog } from "./stateLog.js";

export class StateRecordingEnv extends EnvWrapper {
  private log: StateLog | null;

  constructor(
    env: Env,
    private readonly reader: PhysicalStateReader,
    log: StateLog,
  ) {
    super(env);
    this.log = log;
  }

  override step(action: ArrayLike<number>): StepResult {
    if (this.log) this.reader.read(this.log.nextRow(), 0);
    const r = this.env.step(action);
    if (this.log && (r.terminated || r.truncated)) this.log.flush();
    return r;
  }

  stop(): void {
    this.log = null;
  }
}
