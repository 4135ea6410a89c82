// A VectorEnv worker thread: makes its share of the envs through the registry, then serves
// step / reset / close commands that arrive through the shared buffer (see sharedLayout.ts).
import { once } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import "../index.js"; // registers every env id
import { loadMujoco } from "../mujoco/mujocoModule.js";
import { makeEnv } from "../registry.js";
import type { Env, EnvInfo } from "../types.js";
import { stepWithAutoReset } from "./autoReset.js";
import { encodeInfo, encodeMessage } from "./infoCodec.js";
import { COMMAND, CONTROL_SLOTS, FLAG, type SharedViews, SLOT, STATUS, sharedViews } from "./sharedLayout.js";
import type { AttachMessage, FailedMessage, ReadyMessage, WorkerInit } from "./workerMessages.js";

const port = parentPort;
if (!port) throw new Error("vectorWorker.js runs only as a worker thread started by VectorEnv.");
const init = workerData as WorkerInit;

class WorkerEnvs {
  private readonly obsDim: number;
  private readonly actDim: number;
  private readonly infoBytes: number;

  constructor(
    private readonly envs: Env[],
    private readonly v: SharedViews,
    infoBytes: number,
  ) {
    this.obsDim = envs[0].observationSpace.shape[0];
    this.actDim = envs[0].actionSpace.shape[0];
    this.infoBytes = infoBytes;
  }

  private writeInfo(i: number, info: EnvInfo): void {
    const slot = this.v.infoBytes.subarray(i * this.infoBytes, (i + 1) * this.infoBytes);
    this.v.infoLengths[i] = encodeInfo(info, slot, `env ${i} (${init.envId})`);
  }

  reset(): void {
    for (let k = 0; k < this.envs.length; k++) {
      const i = init.firstEnv + k;
      const seed = this.v.seeds[i];
      const r = this.envs[k].reset(Number.isNaN(seed) ? {} : { seed });
      this.v.obs.set(r.obs, i * this.obsDim);
      this.v.flags[i] = 0;
      this.writeInfo(i, r.info);
    }
  }

  step(): void {
    for (let k = 0; k < this.envs.length; k++) {
      const i = init.firstEnv + k;
      const action = this.v.actions.subarray(i * this.actDim, (i + 1) * this.actDim);
      const r = stepWithAutoReset(this.envs[k], action);
      this.v.obs.set(r.obs, i * this.obsDim);
      this.v.rewards[i] = r.reward;
      this.v.flags[i] =
        (r.terminated ? FLAG.terminated : 0) |
        (r.truncated ? FLAG.truncated : 0) |
        (r.ended ? FLAG.ended : 0);
      if (r.ended) this.v.finalObs.set(r.info.finalObs as Float64Array, i * this.obsDim);
      this.writeInfo(i, r.info);
    }
  }

  close(): void {
    for (const env of this.envs) env.close();
  }
}

/** Blocks on the control block; returns after the close command. */
function serve(envs: WorkerEnvs, v: SharedViews, errorBytes: number): void {
  const base = init.workerIndex * CONTROL_SLOTS;
  // Commands are numbered from 1 in a zeroed buffer; one may already be waiting.
  let seen = 0;
  for (;;) {
    Atomics.wait(v.control, base + SLOT.commandSeq, seen);
    const seq = Atomics.load(v.control, base + SLOT.commandSeq);
    if (seq === seen) continue;
    seen = seq;
    const command = v.control[base + SLOT.command];
    let status: number = STATUS.ok;
    try {
      if (command === COMMAND.step) envs.step();
      else if (command === COMMAND.reset) envs.reset();
      else if (command === COMMAND.close) envs.close();
      else throw new Error(`unknown command ${command}`);
    } catch (err) {
      status = STATUS.failed;
      const slot = v.errorBytes.subarray(init.workerIndex * errorBytes, (init.workerIndex + 1) * errorBytes);
      v.errorLengths[init.workerIndex] = encodeMessage(
        err instanceof Error ? err.message : String(err),
        slot,
      );
    }
    v.control[base + SLOT.status] = status;
    Atomics.store(v.control, base + SLOT.doneSeq, seq);
    Atomics.notify(v.control, base + SLOT.doneSeq);
    if (command === COMMAND.close) return;
  }
}

async function main(messagePort: NonNullable<typeof parentPort>): Promise<void> {
  const envs: Env[] = [];
  try {
    for (const url of init.setupModules) await import(url);
    if (init.compiledMujoco) await loadMujoco(init.compiledMujoco);
    for (let k = 0; k < init.envCount; k++) envs.push(await makeEnv(init.envId, init.makeOptions));
  } catch (err) {
    for (const env of envs) env.close();
    const failed: FailedMessage = {
      type: "failed",
      message: err instanceof Error ? err.message : String(err),
    };
    messagePort.postMessage(failed);
    return;
  }
  const ready: ReadyMessage = {
    type: "ready",
    observationSpace: envs[0].observationSpace,
    actionSpace: envs[0].actionSpace,
    maxEpisodeSteps: envs[0].maxEpisodeSteps,
  };
  messagePort.postMessage(ready);
  const [attach] = (await once(messagePort, "message")) as [AttachMessage];
  const views = sharedViews(attach.buffer, attach.sizes);
  serve(new WorkerEnvs(envs, views, attach.sizes.infoBytes), views, attach.sizes.errorBytes);
  messagePort.close();
}

await main(port);
