// Splits large matrix products over worker threads sharing the engine's WebAssembly.Memory.
// The main thread plus (threads - 1) workers, each with its own instance of the same compiled
// kernel module and its own packing scratch. gemm() stays synchronous: the main thread posts the
// product in the control block (threadControl.ts), computes chunks itself, then spins until the
// workers have finished theirs.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { GemmArgs, GemmRunner } from "./gemmRunner.js";
import type { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import * as ctl from "./threadControl.js";
import type { ThreadWorkerData } from "./threadWorker.js";
import type { KernelModule } from "./wasmModule.js";

/** Products below this many FLOPs run on the main thread alone (measured: posting costs a few µs). */
export const PARALLEL_MIN_FLOPS = 1 << 21;
/** Chunks per thread when a product is cut: enough to even out a thread slowed by other processes. */
const CHUNKS_PER_THREAD = 3;
/** Register tile of assembly/gemmMicroKernel.ts: chunk edges fall on tile edges. */
const TILE_ROWS = 4;
const TILE_COLS = 8;
/** How long an idle worker spins before sleeping; products of one training step come closer together. */
const WORKER_SPIN_MS = 20;
/** How long the main thread spins for a late worker before sleeping until it is done. */
const MAIN_SPIN_MS = 2;

interface WorkerHandle {
  worker: Worker;
  errors: MessagePort;
  seq: number;
}

export class ThreadedGemmRunner implements GemmRunner {
  readonly threads: number;
  private readonly views: ctl.ControlViews;
  private closed = false;
  /** Set when a worker dies outside a product (reported at the next gemm call). */
  private failure: string | null = null;

  private constructor(
    private readonly kernels: KernelExports,
    private readonly mainScratch: number,
    private readonly workers: WorkerHandle[],
    buffer: ArrayBufferLike,
    control: number,
  ) {
    this.threads = workers.length + 1;
    this.views = new ctl.ControlViews(buffer, control, this.threads);
  }

  static async create(
    km: KernelModule,
    kernels: KernelExports,
    heap: Heap,
    threads: number,
  ): Promise<ThreadedGemmRunner> {
    if (!km.sharedMemory) throw new Error("Threaded matrix products need the shared-memory kernel build.");
    const scratchBytes = Math.max(kernels.gemmScratchBytes(), 64);
    const control = heap.alloc(ctl.controlBytes(threads));
    heap.u8.fill(0, control, control + ctl.controlBytes(threads));
    const scratch = Array.from({ length: threads }, () => heap.alloc(scratchBytes));
    const warmup = Array.from({ length: threads }, () => heap.alloc(ctl.WARMUP_BYTES));
    const buffer = heap.memory.buffer;
    const started = Array.from({ length: threads - 1 }, (_, i) =>
      startWorker(km, heap.memory, i + 1, threads, control, scratch[i + 1], warmup[i + 1]),
    );
    // The main thread warms up while the workers do.
    ctl.warmUpKernels(kernels, buffer, warmup[0], scratch[0]);
    let workers: WorkerHandle[];
    try {
      workers = await Promise.all(started);
    } catch (e) {
      await Promise.allSettled(started.map((p) => p.then((w) => w.worker.terminate())));
      throw e;
    }
    for (const w of warmup) heap.free(w, ctl.WARMUP_BYTES);
    const runner = new ThreadedGemmRunner(kernels, scratch[0], workers, buffer, control);
    for (const w of workers) {
      w.worker.on("error", (e) => {
        runner.failure ??= `a GEMM worker thread failed: ${e.message}`;
      });
      w.worker.unref();
    }
    return runner;
  }

  gemm(g: GemmArgs): void {
    const batch = g.batch ?? 1;
    checkShape(g, batch);
    if (this.failure) throw new Error(`Cannot run a matrix product: ${this.failure}.`);
    const flops = 2 * g.m * g.n * g.k * batch;
    if (this.closed || flops < PARALLEL_MIN_FLOPS) {
      this.serial(g, batch);
      return;
    }
    // Cut along the longer side of C: every thread packs the whole of the other operand.
    const splitRows = g.m > g.n;
    const length = splitRows ? g.m : g.n;
    const tile = splitRows ? TILE_ROWS : TILE_COLS;
    const target = CHUNKS_PER_THREAD * this.threads;
    const wantedParts = batch >= target ? 1 : Math.ceil(target / batch);
    const partSize = Math.ceil(Math.ceil(length / wantedParts) / tile) * tile;
    const parts = Math.ceil(length / partSize);
    const chunks = batch * parts;
    if (chunks < 2) {
      this.serial(g, batch);
      return;
    }
    const { i32, u32, f32 } = this.views;
    i32[ctl.CHUNKS] = chunks;
    i32[ctl.PARTS] = parts;
    i32[ctl.PART_SIZE] = partSize;
    i32[ctl.SPLIT_ROWS] = splitRows ? 1 : 0;
    i32[ctl.TRANS_A] = g.transA ? 1 : 0;
    i32[ctl.TRANS_B] = g.transB ? 1 : 0;
    i32[ctl.M] = g.m;
    i32[ctl.N] = g.n;
    i32[ctl.K] = g.k;
    f32[ctl.ALPHA] = g.alpha;
    u32[ctl.A] = g.a;
    i32[ctl.LDA] = g.lda;
    u32[ctl.B] = g.b;
    i32[ctl.LDB] = g.ldb;
    f32[ctl.BETA] = g.beta;
    u32[ctl.C] = g.c;
    i32[ctl.LDC] = g.ldc;
    u32[ctl.STRIDE_A] = 4 * (g.strideA ?? 0);
    u32[ctl.STRIDE_B] = 4 * (g.strideB ?? 0);
    u32[ctl.STRIDE_C] = 4 * (g.strideC ?? 0);
    Atomics.store(i32, ctl.NEXT_CHUNK, 0);
    this.post();
    let failure: unknown = null;
    try {
      ctl.runChunks(this.kernels, this.views, this.mainScratch);
    } catch (e) {
      failure = e;
    }
    // Wait for the workers even after a failure here: they may still be writing into C.
    const workerFailure = this.awaitWorkers();
    if (failure) throw failure;
    if (workerFailure) throw new Error(`A GEMM worker thread failed: ${workerFailure}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.views.i32, ctl.STOP, 1);
    this.post();
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    for (const w of this.workers) w.errors.close();
  }

  private serial(g: GemmArgs, batch: number): void {
    const strideA = 4 * (g.strideA ?? 0);
    const strideB = 4 * (g.strideB ?? 0);
    const strideC = 4 * (g.strideC ?? 0);
    const transA = g.transA ? 1 : 0;
    const transB = g.transB ? 1 : 0;
    for (let i = 0; i < batch; i++)
      this.kernels.gemm(
        transA,
        transB,
        g.m,
        g.n,
        g.k,
        g.alpha,
        g.a + i * strideA,
        g.lda,
        g.b + i * strideB,
        g.ldb,
        g.beta,
        g.c + i * strideC,
        g.ldc,
        0,
        g.n,
        this.mainScratch,
      );
  }

  /** Wakes every worker on the product (or the stop order) just written to the control block. */
  private post(): void {
    const ctrl = this.views.i32;
    this.workers.forEach((w, i) => {
      const slot = (i + 1) * ctl.SLOT_WORDS;
      w.seq = (w.seq + 1) | 0;
      Atomics.store(ctrl, slot + ctl.SEQ, w.seq);
      if (Atomics.load(ctrl, slot + ctl.WORKER_SLEEPING) === 1) Atomics.notify(ctrl, slot + ctl.SEQ);
    });
  }

  /** Waits until every worker reports the current product done; returns a worker's error, if any. */
  private awaitWorkers(): string | null {
    const ctrl = this.views.i32;
    let failure: string | null = null;
    this.workers.forEach((w, i) => {
      const slot = (i + 1) * ctl.SLOT_WORDS;
      if (Atomics.load(ctrl, slot + ctl.DONE) !== w.seq) waitForDone(ctrl, slot, w.seq);
      if (Atomics.load(ctrl, slot + ctl.FAILED) === 1) {
        Atomics.store(ctrl, slot + ctl.FAILED, 0);
        const msg = receiveMessageOnPort(w.errors);
        failure ??= msg ? String(msg.message) : "unknown error";
      }
    });
    return failure;
  }
}

/** Spins, then sleeps, until the worker in `slot` has set DONE to `seq`. */
function waitForDone(ctrl: Int32Array, slot: number, seq: number): void {
  const deadline = performance.now() + MAIN_SPIN_MS;
  for (let i = 1; Atomics.load(ctrl, slot + ctl.DONE) !== seq; i++) {
    if ((i & 1023) === 0 && performance.now() > deadline) {
      // Same handshake as the worker's sleep (threadWorker.ts), in the other direction.
      Atomics.store(ctrl, slot + ctl.MAIN_SLEEPING, 1);
      while (Atomics.load(ctrl, slot + ctl.DONE) !== seq)
        Atomics.wait(ctrl, slot + ctl.DONE, (seq - 1) | 0, 100);
      Atomics.store(ctrl, slot + ctl.MAIN_SLEEPING, 0);
      return;
    }
  }
}

function checkShape(g: GemmArgs, batch: number): void {
  const dims = [g.m, g.n, g.k, batch];
  if (!dims.every((d) => Number.isInteger(d) && d >= 0))
    throw new Error(
      `A matrix product needs non-negative integer sizes, got m=${g.m} n=${g.n} k=${g.k} batch=${batch}.`,
    );
}

function startWorker(
  km: KernelModule,
  memory: WebAssembly.Memory,
  index: number,
  threads: number,
  control: number,
  scratch: number,
  warmup: number,
): Promise<WorkerHandle> {
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  const data: ThreadWorkerData = {
    module: km.module,
    memory,
    relaxedSimd: km.relaxedSimd,
    index,
    threads,
    control,
    scratch,
    warmup,
    spinMs: WORKER_SPIN_MS,
    errors: port2,
  };
  const worker = new Worker(new URL("./threadWorker.js", import.meta.url), {
    workerData: data,
    transferList: [port2],
    // The worker needs none of the parent's Node options, and some (--input-type) would stop it.
    execArgv: [],
  });
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(new Error(`A GEMM worker thread failed to start: ${e.message}`));
    const onExit = (code: number) =>
      reject(new Error(`A GEMM worker thread exited with code ${code} while starting.`));
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.once("message", () => {
      worker.off("error", onError);
      worker.off("exit", onExit);
      resolve({ worker, errors: port1, seq: 0 });
    });
  });
}
