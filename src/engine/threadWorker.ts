// A GEMM worker thread (started by threadPool.ts): instantiates the engine's compiled kernels on the
// engine's shared memory, then computes chunks of every product the main thread posts through the
// control block (threadControl.ts) until told to stop.
import { setFlagsFromString } from "node:v8";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { KernelExports } from "./kernelExports.js";
import {
  ControlViews,
  DONE,
  FAILED,
  MAIN_SLEEPING,
  runChunks,
  SEQ,
  SLOT_WORDS,
  STOP,
  WORKER_SLEEPING,
  warmUpKernels,
} from "./threadControl.js";

export interface ThreadWorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  relaxedSimd: boolean;
  /** This worker's slot in the control block (1 .. threads-1). */
  index: number;
  threads: number;
  control: number;
  scratch: number;
  /** Byte offset of this worker's warm-up area (WARMUP_BYTES). */
  warmup: number;
  /** How long to spin waiting for the next product before sleeping (waking a sleeper costs ~1 ms). */
  spinMs: number;
  errors: MessagePort;
}

function main(data: ThreadWorkerData): void {
  // Flags are process-wide, so the main thread's setting normally covers us; setting it again is harmless.
  if (data.relaxedSimd) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const instance = new WebAssembly.Instance(data.module, {
    env: {
      memory: data.memory,
      abort: () => {
        throw new Error("A WebAssembly kernel aborted.");
      },
    },
  });
  const kernels = instance.exports as unknown as KernelExports;
  warmUpKernels(kernels, data.memory.buffer, data.warmup, data.scratch);
  const views = new ControlViews(data.memory.buffer, data.control, data.threads);
  const ctrl = views.i32;
  const slot = data.index * SLOT_WORDS;
  // SEQ starts at 0 (the main thread zeroes the block before starting workers); reading it after
  // "ready" instead could miss a product posted in between.
  let seq = 0;
  parentPort!.postMessage("ready");
  for (;;) {
    seq = waitForPost(ctrl, slot, seq, data.spinMs);
    if (Atomics.load(ctrl, STOP) === 1) break;
    try {
      runChunks(kernels, views, data.scratch);
    } catch (e) {
      data.errors.postMessage(e instanceof Error ? (e.stack ?? e.message) : String(e));
      Atomics.store(ctrl, slot + FAILED, 1);
    }
    Atomics.store(ctrl, slot + DONE, seq);
    if (Atomics.load(ctrl, slot + MAIN_SLEEPING) === 1) Atomics.notify(ctrl, slot + DONE);
  }
  data.errors.close();
}

/** Spins until SEQ moves past `last`, then sleeps in Atomics.wait; returns the new SEQ. */
function waitForPost(ctrl: Int32Array, slot: number, last: number, spinMs: number): number {
  let deadline = performance.now() + spinMs;
  for (let i = 1; ; i++) {
    const s = Atomics.load(ctrl, slot + SEQ);
    if (s !== last) return s;
    if ((i & 1023) === 0 && performance.now() > deadline) {
      // Announce the sleep before re-checking SEQ inside wait: the main thread stores SEQ then
      // reads this flag, so one of the two always sees the other (sequentially consistent atomics).
      Atomics.store(ctrl, slot + WORKER_SLEEPING, 1);
      Atomics.wait(ctrl, slot + SEQ, last);
      Atomics.store(ctrl, slot + WORKER_SLEEPING, 0);
      deadline = performance.now() + spinMs;
    }
  }
}

main(workerData as ThreadWorkerData);
