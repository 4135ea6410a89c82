// A GEMM worker thread (started by threadPool.ts): instantiates the engine's compiled kernels on the
// engine's shared memory, then computes chunks of every product the main thread posts through the
// control block (threadControl.ts) until told to stop.
import { setFlagsFromString } from "node:v8";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { KernelExports } from "./kernelExports.js";
import {
  CLAIM,
  CLOSED,
  ControlViews,
  FAILED,
  generationOf,
  runChunks,
  SLEEPING_WORKERS,
  SLOT_WORDS,
  STOP,
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
  /** How long to spin for the next product before sleeping (waking a sleeper is slow: results/engine.md). */
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
  const report = (e: unknown) => {
    data.errors.postMessage(e instanceof Error ? (e.stack ?? e.message) : String(e));
    Atomics.store(ctrl, data.index * SLOT_WORDS + FAILED, 1);
  };
  // Generation 0 is "nothing posted yet" (the main thread zeroes the block before starting us).
  let generation = 0;
  parentPort!.postMessage("ready");
  for (;;) {
    generation = waitForPost(ctrl, generation, data.spinMs);
    if (Atomics.load(ctrl, STOP) === 1) break;
    runChunks(kernels, views, data.scratch, generation, report);
  }
  data.errors.close();
}

/** Spins, then sleeps, until a product of another generation than `last` is open; returns it. */
function waitForPost(ctrl: Int32Array, last: number, spinMs: number): number {
  let deadline = performance.now() + spinMs;
  for (let i = 1; ; i++) {
    const word = Atomics.load(ctrl, CLAIM);
    if (generationOf(word) !== last && (word & 0xffff) !== CLOSED) return generationOf(word);
    if ((i & 1023) === 0 && performance.now() > deadline) {
      // Count ourselves asleep before Atomics.wait re-reads the word: the main thread stores the
      // word then reads the count, so one of the two sees the other (sequentially consistent).
      Atomics.add(ctrl, SLEEPING_WORKERS, 1);
      Atomics.wait(ctrl, CLAIM, word);
      Atomics.sub(ctrl, SLEEPING_WORKERS, 1);
      deadline = performance.now() + spinMs;
    }
  }
}

main(workerData as ThreadWorkerData);
