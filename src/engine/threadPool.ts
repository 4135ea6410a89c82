// Splits large matrix products over worker threads sharing the engine's WebAssembly.Memory.
// The main thread plus (threads - 1) workers, each with its own instance of the same compiled
// kernel module and its own packing scratch. gemm() stays synchronous: the main thread posts the
// product in the control block (threadControl.ts), computes chunks itself, then spins until every
// claimed chunk is done.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { type GemmArgs, type GemmRunner, gemmOnThisThread } from "./gemmRunner.js";
import type { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import * as ctl from "./threadControl.js";
import type { ThreadWorkerData } from "./threadWorker.js";
import type { KernelModule } from "./wasmModule.js";

/**
 * Products below this many FLOPs run on the main thread alone. With the worker awake two threads
 * already win a little below this size (results/engine.md); kept at 64^3 because a worker
 * descheduled by another process makes the smallest parallel products cost more than they gain.
 */
export const PARALLEL_MIN_FLOPS = 1 << 19;
/**
 * Chunks per thread when a product is cut: enough to even out a thread slowed by other processes
 * (other counts were no faster: results/engine.md).
 */
const CHUNKS_PER_THREAD = 3;
/** Register tile of assembly/gemmMicroKernel.ts: chunk edges fall on tile edges. */
const TILE_ROWS = 4;
const TILE_COLS = 8;
/** How long an idle worker spins before sleeping; products of one training step come closer together. */
const WORKER_SPIN_MS = 20;
/** How long the main thread spins for a late chunk before sleeping until it is done. */
const MAIN_SPIN_MS = 2;

interface WorkerHandle {
  worker: Worker;
  errors: MessagePort;
}

/** How a product is cut into chunks (see threadControl.ts). */
interface Plan {
  chunks: number;
  parts: number;
  partSize: number;
  splitRows: boolean;
  group: number;
}

export class ThreadedGemmRunner implements GemmRunner {
  readonly threads: number;
  private readonly views: ctl.ControlViews;
  private generation = 0;
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
    const plan = this.closed || 2 * g.m * g.n * g.k * batch < PARALLEL_MIN_FLOPS ? null : this.plan(g, batch);
    if (plan === null) {
      gemmOnThisThread(this.kernels, g, batch, this.mainScratch);
      return;
    }
    const generation = this.post(g, batch, plan);
    let failure: unknown = null;
    ctl.runChunks(this.kernels, this.views, this.mainScratch, generation, (e) => {
      failure ??= e;
    });
    // Wait for every claimed chunk even after a failure here: workers may still be writing into C.
    this.awaitChunks(plan.chunks);
    const workerFailure = this.collectWorkerFailures();
    if (failure) throw failure;
    if (workerFailure) throw new Error(`A GEMM worker thread failed: ${workerFailure}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ctrl = this.views.i32;
    Atomics.store(ctrl, ctl.STOP, 1);
    this.generation = ctl.nextGeneration(this.generation);
    Atomics.store(ctrl, ctl.CLAIM, ctl.claimWord(this.generation, 0));
    Atomics.notify(ctrl, ctl.CLAIM);
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    for (const w of this.workers) w.errors.close();
  }

  /** Chunks for a product, or null if it is not worth cutting. */
  private plan(g: GemmArgs, batch: number): Plan | null {
    const target = CHUNKS_PER_THREAD * this.threads;
    if (batch >= target) {
      // Whole members per chunk, in groups so that a huge batch still has few chunks.
      const group = Math.ceil(batch / Math.min(batch, ctl.MAX_CHUNKS, 16 * this.threads));
      return {
        chunks: Math.ceil(batch / group),
        parts: 1,
        partSize: Math.max(g.m, g.n),
        splitRows: false,
        group,
      };
    }
    // Cut every member along the longer side of C: each chunk packs the whole of the other operand.
    const splitRows = g.m > g.n;
    const length = splitRows ? g.m : g.n;
    const tile = splitRows ? TILE_ROWS : TILE_COLS;
    const partSize = Math.ceil(Math.ceil(length / Math.ceil(target / batch)) / tile) * tile;
    const parts = Math.ceil(length / partSize);
    const chunks = batch * parts;
    return chunks < 2 ? null : { chunks, parts, partSize, splitRows, group: 1 };
  }

  /** Writes the product into the control block and opens it for claims; returns its generation. */
  private post(g: GemmArgs, batch: number, plan: Plan): number {
    const { i32, u32, f32 } = this.views;
    this.generation = ctl.nextGeneration(this.generation);
    // Closed first, so that no late claim on the previous product can pair with these fields.
    Atomics.store(i32, ctl.CLAIM, ctl.claimWord(this.generation, ctl.CLOSED));
    i32[ctl.CHUNKS] = plan.chunks;
    i32[ctl.PARTS] = plan.parts;
    i32[ctl.PART_SIZE] = plan.partSize;
    i32[ctl.SPLIT_ROWS] = plan.splitRows ? 1 : 0;
    i32[ctl.GROUP] = plan.group;
    i32[ctl.BATCH] = batch;
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
    Atomics.store(i32, ctl.COMPLETED, 0);
    Atomics.store(i32, ctl.CLAIM, ctl.claimWord(this.generation, 0));
    // Sleeping workers count themselves before sleeping on CLAIM (threadWorker.ts).
    if (Atomics.load(i32, ctl.SLEEPING_WORKERS) > 0) Atomics.notify(i32, ctl.CLAIM);
    return this.generation;
  }

  /** Spins, then sleeps, until `chunks` chunks are counted complete. */
  private awaitChunks(chunks: number): void {
    const ctrl = this.views.i32;
    if (Atomics.load(ctrl, ctl.COMPLETED) === chunks) return;
    const deadline = performance.now() + MAIN_SPIN_MS;
    for (let i = 1; Atomics.load(ctrl, ctl.COMPLETED) !== chunks; i++) {
      if ((i & 1023) === 0 && performance.now() > deadline) {
        // A worker was descheduled mid-chunk: free the core for it. Announce the sleep before
        // re-reading the count, the mirror of the workers' handshake (threadControl.ts).
        Atomics.store(ctrl, ctl.MAIN_SLEEPING, 1);
        for (
          let done = Atomics.load(ctrl, ctl.COMPLETED);
          done !== chunks;
          done = Atomics.load(ctrl, ctl.COMPLETED)
        )
          Atomics.wait(ctrl, ctl.COMPLETED, done, 50);
        Atomics.store(ctrl, ctl.MAIN_SLEEPING, 0);
        return;
      }
    }
  }

  /** The first error message of a worker whose chunk failed in this product, clearing the flags. */
  private collectWorkerFailures(): string | null {
    const ctrl = this.views.i32;
    let failure: string | null = null;
    this.workers.forEach((w, i) => {
      const flag = (i + 1) * ctl.SLOT_WORDS + ctl.FAILED;
      if (Atomics.load(ctrl, flag) !== 1) return;
      Atomics.store(ctrl, flag, 0);
      for (let msg = receiveMessageOnPort(w.errors); msg; msg = receiveMessageOnPort(w.errors))
        failure ??= String(msg.message);
    });
    return failure;
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
      resolve({ worker, errors: port1 });
    });
  });
}
