// N copies of an env stepped in lock-step by several threads: the calling thread steps the first
// block of envs itself while worker threads step the other blocks, so two threads need at most one
// cross-thread wake-up per step, none when both sides catch each other spinning (spinWait.ts). Each worker owns one MuJoCo module (instantiated from the wasm this
// thread compiled once). Actions, observations, rewards, flags and infos (as doubles, see
// infoCodec.ts) cross through one SharedArrayBuffer, signalled with Atomics (no postMessage per
// step). Results are identical to SyncVectorEnv's.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import "../index.js"; // registers every env id: this thread steps envs too
import { compileMujocoWasm, loadMujoco } from "../mujoco/mujocoModule.js";
import { type EnvMakeOptions, makeEnv } from "../registry.js";
import type { Box, Env, EnvInfo } from "../types.js";
import {
  type BatchedEnv,
  checkBatchedActions,
  type VectorResetResult,
  type VectorStepResult,
} from "./batchedEnv.js";
import { EnvBlock } from "./envBlock.js";
import { decodeMessage, InfoReader } from "./infoCodec.js";
import {
  COMMAND,
  CONTROL_SLOTS,
  FLAG,
  infoSlot,
  type LayoutSizes,
  type SharedViews,
  SLOT,
  STATUS,
  sharedBufferBytes,
  sharedViews,
} from "./sharedLayout.js";
import { SpinWaiter } from "./spinWait.js";
import type { AttachMessage, FailedMessage, ReadyMessage, WorkerInit } from "./workerMessages.js";

export interface VectorEnvOptions {
  /** Passed to makeEnv for every env (e.g. maxEpisodeSteps). */
  makeOptions?: EnvMakeOptions;
  /**
   * Threads that step envs, the calling thread included (it steps the first block; the others are
   * worker threads); default min(numEnvs, available cores). 1: every env on the calling thread.
   */
  numThreads?: number;
  /** Hand each worker the compiled MuJoCo wasm and instantiate it up front; default true.
   *  Set false for envs that do not use MuJoCo (saves about 0.2 s and a wasm heap per worker). */
  preloadMujoco?: boolean;
  /** Module URLs imported (in every thread) before making the envs, to register env ids of your own. */
  setupModules?: string[];
  /** Capacity of one env's info in doubles (numbers, booleans, number arrays); default 256. */
  infoValues?: number;
  /** Capacity of one env's info schema, or of its JSON when it holds other things, in bytes; default 4096. */
  infoBytes?: number;
  /** A step, reset or close that takes longer than this (ms) fails; default 60000. */
  timeoutMs?: number;
}

const ERROR_BYTES = 2048;
/** How long the calling thread spins for the workers after its own block, before sleeping (ms; see spinWait.ts). */
const WORKER_DONE_SPIN_MS = 0.2;

let compiledMujoco: Promise<WebAssembly.Module> | undefined;
function compiledMujocoOnce(): Promise<WebAssembly.Module> {
  compiledMujoco ??= compileMujocoWasm();
  return compiledMujoco;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`VectorEnv: ${name} must be a positive integer, got ${String(value)}.`);
  return value;
}

/** Starts one worker and waits for its envs to be made. */
function startWorker(init: WorkerInit): Promise<{ worker: Worker; ready: ReadyMessage }> {
  const worker = new Worker(new URL("./vectorWorker.js", import.meta.url), { workerData: init });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      worker.terminate();
      reject(err);
    };
    worker.once("message", (msg: ReadyMessage | FailedMessage) => {
      worker.removeAllListeners("error").removeAllListeners("exit");
      if (msg.type === "ready") resolve({ worker, ready: msg });
      else
        fail(
          new Error(`VectorEnv worker ${init.workerIndex} could not make "${init.envId}": ${msg.message}`),
        );
    });
    worker.once("error", (err) =>
      fail(new Error(`VectorEnv worker ${init.workerIndex} failed: ${err.message}`)),
    );
    worker.once("exit", (code) =>
      reject(new Error(`VectorEnv worker ${init.workerIndex} exited with code ${code} before it was ready.`)),
    );
  });
}

/** The calling thread's block of envs, made here. */
async function makeOwnEnvs(
  id: string,
  count: number,
  opts: VectorEnvOptions,
  compiled: WebAssembly.Module | undefined,
): Promise<Env[]> {
  for (const url of opts.setupModules ?? []) await import(url);
  if (compiled) await loadMujoco(compiled);
  const envs: Env[] = [];
  try {
    for (let k = 0; k < count; k++) envs.push(await makeEnv(id, opts.makeOptions ?? {}));
  } catch (err) {
    for (const env of envs) env.close();
    throw err;
  }
  return envs;
}

export class VectorEnv implements BatchedEnv {
  private commandSeq = 0;
  private closed = false;
  /** Errors a worker raised outside a command (seen only while this thread's event loop runs). */
  private readonly workerErrors: string[] = [];
  private readonly obsDim: number;
  private readonly actDim: number;
  private readonly infoReaders: InfoReader[];
  private readonly waiter = new SpinWaiter(WORKER_DONE_SPIN_MS);

  private constructor(
    readonly id: string,
    readonly numEnvs: number,
    readonly observationSpace: Box,
    readonly actionSpace: Box,
    readonly maxEpisodeSteps: number,
    private readonly ownBlock: EnvBlock,
    private readonly workers: Worker[],
    private readonly v: SharedViews,
    private readonly sizes: LayoutSizes,
    private readonly timeoutMs: number,
  ) {
    this.obsDim = sizes.obsDim;
    this.actDim = sizes.actDim;
    this.infoReaders = Array.from({ length: numEnvs }, (_, i) => new InfoReader(infoSlot(v, sizes, i)));
  }

  static async create(id: string, numEnvs: number, opts: VectorEnvOptions = {}): Promise<VectorEnv> {
    positiveInteger("numEnvs", numEnvs);
    const numThreads = Math.min(
      numEnvs,
      positiveInteger("numThreads", opts.numThreads ?? availableParallelism()),
    );
    const infoValues = positiveInteger("infoValues", opts.infoValues ?? 256);
    const infoBytes = positiveInteger("infoBytes", opts.infoBytes ?? 4096);
    const timeoutMs = positiveInteger("timeoutMs", opts.timeoutMs ?? 60_000);
    const compiled =
      opts.preloadMujoco === false || numThreads === 1 ? undefined : await compiledMujocoOnce();
    // Contiguous blocks whose sizes differ by at most one; block 0 is the calling thread's.
    const blockSize = (t: number) => Math.floor(numEnvs / numThreads) + (t < numEnvs % numThreads ? 1 : 0);
    const inits: WorkerInit[] = [];
    for (let t = 1, first = blockSize(0); t < numThreads; t++) {
      inits.push({
        envId: id,
        makeOptions: opts.makeOptions ?? {},
        workerIndex: t - 1,
        firstEnv: first,
        envCount: blockSize(t),
        compiledMujoco: compiled,
        setupModules: opts.setupModules ?? [],
      });
      first += blockSize(t);
    }
    const [own, ...started] = await Promise.allSettled([
      makeOwnEnvs(id, blockSize(0), opts, compiled),
      ...inits.map(startWorker),
    ]);
    const failure = [own, ...started].find((s) => s.status === "rejected");
    if (failure) {
      if (own.status === "fulfilled") for (const env of own.value) env.close();
      for (const s of started) if (s.status === "fulfilled") s.value.worker.terminate();
      throw (failure as PromiseRejectedResult).reason;
    }
    const ownEnvs = (own as PromiseFulfilledResult<Env[]>).value;
    const workers = started.map(
      (s) => (s as PromiseFulfilledResult<{ worker: Worker; ready: ReadyMessage }>).value.worker,
    );
    const { observationSpace, actionSpace, maxEpisodeSteps } = ownEnvs[0];
    const sizes: LayoutSizes = {
      numEnvs,
      numWorkers: workers.length,
      obsDim: observationSpace.shape[0],
      actDim: actionSpace.shape[0],
      infoValues,
      infoBytes,
      errorBytes: ERROR_BYTES,
    };
    const buffer = new SharedArrayBuffer(sharedBufferBytes(sizes));
    const attach: AttachMessage = { type: "attach", buffer, sizes };
    for (const worker of workers) {
      worker.postMessage(attach);
      // Idle workers must not keep the process alive.
      worker.unref();
    }
    const views = sharedViews(buffer, sizes);
    const vec = new VectorEnv(
      id,
      numEnvs,
      observationSpace,
      actionSpace,
      maxEpisodeSteps,
      new EnvBlock(ownEnvs, 0, views, sizes),
      workers,
      views,
      sizes,
      timeoutMs,
    );
    // Commands catch their own errors; this keeps anything else a worker throws from crashing the
    // process, and reports it if the worker then stops answering.
    workers.forEach((worker, w) => {
      worker.on("error", (err) => vec.workerErrors.push(`worker ${w}: ${err.message}`));
    });
    return vec;
  }

  /** Worker threads (the calling thread, which steps the first block, not counted). */
  get numWorkers(): number {
    return this.workers.length;
  }

  /** Threads stepping envs, the calling thread included. */
  get numThreads(): number {
    return this.workers.length + 1;
  }

  reset(opts: { seed?: number } = {}): VectorResetResult {
    for (let i = 0; i < this.numEnvs; i++)
      this.v.seeds[i] = opts.seed === undefined ? Number.NaN : opts.seed + i;
    this.run(COMMAND.reset);
    const infos = new Array<EnvInfo>(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) infos[i] = this.infoReaders[i].read();
    return { obs: this.v.obs.slice(), infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    checkBatchedActions(this.id, actions, this.numEnvs, this.actDim);
    this.v.actions.set(actions);
    this.run(COMMAND.step);
    const n = this.numEnvs;
    const result: VectorStepResult = {
      obs: this.v.obs.slice(),
      rewards: this.v.rewards.slice(),
      terminated: new Array<boolean>(n),
      truncated: new Array<boolean>(n),
      infos: new Array<EnvInfo>(n),
    };
    for (let i = 0; i < n; i++) {
      const flags = this.v.flags[i];
      result.terminated[i] = (flags & FLAG.terminated) !== 0;
      result.truncated[i] = (flags & FLAG.truncated) !== 0;
      const info: EnvInfo = this.infoReaders[i].read();
      if (flags & FLAG.ended) info.finalObs = this.v.finalObs.slice(i * this.obsDim, (i + 1) * this.obsDim);
      result.infos[i] = info;
    }
    return result;
  }

  /** Frees the workers and all envs; the vector env must not be used afterwards. */
  close(): void {
    if (this.closed) return;
    try {
      this.run(COMMAND.close);
    } finally {
      this.closed = true;
      for (const worker of this.workers) worker.terminate();
    }
  }

  /** Hands every worker `command`, does it on the own block, and blocks until all have done it. */
  private run(command: number): void {
    if (this.closed) throw new Error(`${this.id}: this VectorEnv is closed.`);
    const { control } = this.v;
    const seq = ++this.commandSeq;
    for (let w = 0; w < this.workers.length; w++) {
      const base = w * CONTROL_SLOTS;
      control[base + SLOT.command] = command;
      Atomics.store(control, base + SLOT.commandSeq, seq);
      Atomics.notify(control, base + SLOT.commandSeq);
    }
    const failures: string[] = [];
    try {
      if (command === COMMAND.step) this.ownBlock.step();
      else if (command === COMMAND.reset) this.ownBlock.reset();
      else this.ownBlock.close();
    } catch (err) {
      failures.push(`the calling thread: ${err instanceof Error ? err.message : String(err)}`);
    }
    const deadline = performance.now() + this.timeoutMs;
    for (let w = 0; w < this.workers.length; w++) {
      const base = w * CONTROL_SLOTS;
      const done = this.waiter.waitWhileEqual(control, base + SLOT.doneSeq, seq - 1, deadline);
      if (done !== seq) {
        this.closed = true;
        for (const worker of this.workers) worker.terminate();
        const seen = this.workerErrors.length > 0 ? ` (errors seen: ${this.workerErrors.join("; ")})` : "";
        throw new Error(
          `${this.id}: VectorEnv worker ${w} did not answer within ${this.timeoutMs} ms; closed it${seen}.`,
        );
      }
      if (control[base + SLOT.status] === STATUS.failed) {
        const bytes = this.sizes.errorBytes;
        const message = decodeMessage(
          this.v.errorBytes.subarray(w * bytes, (w + 1) * bytes),
          this.v.errorLengths[w],
        );
        failures.push(`worker ${w}: ${message}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`${this.id}: a vector env step failed in ${failures.join("; ")}`);
  }
}
