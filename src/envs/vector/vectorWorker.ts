// A VectorEnv worker thread: makes its share of the envs through the registry, then serves
// step / reset / close commands that arrive through the shared buffer (see sharedLayout.ts).
import { once } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import "../index.js"; // registers every env id
import { loadMujoco } from "../mujoco/mujocoModule.js";
import { makeEnv } from "../registry.js";
import type { Env } from "../types.js";
import { EnvBlock } from "./envBlock.js";
import { encodeMessage } from "./infoCodec.js";
import { COMMAND, CONTROL_SLOTS, type SharedViews, SLOT, STATUS, sharedViews } from "./sharedLayout.js";
import { SpinWaiter } from "./spinWait.js";
import type { AttachMessage, FailedMessage, ReadyMessage, WorkerInit } from "./workerMessages.js";

const port = parentPort;
if (!port) throw new Error("vectorWorker.js runs only as a worker thread started by VectorEnv.");
const init = workerData as WorkerInit;

/** After a command, how long to spin for the next one before sleeping (ms; see spinWait.ts). */
const NEXT_COMMAND_SPIN_MS = 0.2;

/** Blocks on the control block; returns after the close command. */
function serve(envs: EnvBlock, v: SharedViews, errorBytes: number): void {
  const base = init.workerIndex * CONTROL_SLOTS;
  const waiter = new SpinWaiter(NEXT_COMMAND_SPIN_MS);
  // Commands are numbered from 1 in a zeroed buffer; one may already be waiting.
  let seen = 0;
  for (;;) {
    const seq = waiter.waitWhileEqual(v.control, base + SLOT.commandSeq, seen, Number.POSITIVE_INFINITY);
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
  serve(new EnvBlock(envs, init.firstEnv, views, attach.sizes), views, attach.sizes.errorBytes);
  messagePort.close();
}

await main(port);
