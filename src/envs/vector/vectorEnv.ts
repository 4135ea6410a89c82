// N copies of an env spread over worker threads and stepped in lock-step. Each worker owns one
// MuJoCo module (instantiated from the wasm this thread compiled once) and a contiguous block of
// the envs; actions, observations, rewards and flags cross through one SharedArrayBuffer, woken
// with Atomics (no postMessage per step). Results are identical to SyncVectorEnv's.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { compileMujocoWasm } from "../mujoco/mujocoModule.js";
import type { EnvMakeOptions } from "../registry.js";
import type { Box, EnvInfo } from "../types.js";
import {
  type BatchedEnv,
  checkBatchedActions,
  type VectorResetResult,
  type VectorStepResult,
} from "./batchedEnv.js";
import { decodeInfo, decodeMessage } from "./infoCodec.js";
import {
  COMMAND,
  CONTROL_SLOTS,
  FLAG,
  type LayoutSizes,
  type SharedViews,
  SLOT,
  STATUS,
  sharedBufferBytes,
  sharedViews,
} from "./sharedLayout.js";
import type { AttachMessage, FailedMessage, ReadyMessage, WorkerInit } from "./workerMessages.js";

export interface VectorEnvOptions {
  /** Passed to makeEnv in every worker (e.g. maxEpisodeSteps). */
  makeOptions?: EnvMakeOptions;
  /** Worker threads; default min(numEnvs, available cores). */
  numWorkers?: number;
  /** Hand each worker the compiled MuJoCo wasm and instantiate it up front; default true.
   *  Set false for envs that do not use MuJoCo (saves about 0.2 s and a wasm heap per worker). */
  preloadMujoco?: boolean;
  /** Module URLs each worker imports before making its envs, to register env ids of your own. */
  setupModules?: string[];
  /** Capacity of one env's info as JSON, in bytes; default 4096. */
  infoBytes?: number;
  /** A step, reset or close that takes longer than this (ms) fails; default 60000. */
  timeoutMs?: number;
}

const ERROR_BYTES = 2048;

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

export class VectorEnv implements BatchedEnv {
  private commandSeq = 0;
  private closed = false;
  /** Errors a worker raised outside a command (seen only while this thread's event loop runs). */
  private readonly workerErrors: string[] = [];
  private readonly obsDim: number;
  private readonly actDim: number;

  private constructor(
    readonly id: string,
    readonly numEnvs: number,
    readonly observationSpace: Box,
    readonly actionSpace: Box,
    readonly maxEpisodeSteps: number,
    private readonly workers: Worker[],
    private readonly v: SharedViews,
    private readonly sizes: LayoutSizes,
    private readonly timeoutMs: number,
  ) {
    this.obsDim = sizes.obsDim;
    this.actDim = sizes.actDim;
  }

  static async create(id: string, numEnvs: number, opts: VectorEnvOptions = {}): Promise<VectorEnv> {
    positiveInteger("numEnvs", numEnvs);
    const numWorkers = Math.min(
      numEnvs,
      positiveInteger("numWorkers", opts.numWorkers ?? availableParallelism()),
    );
    const infoBytes = positiveInteger("infoBytes", opts.infoBytes ?? 4096);
    const timeoutMs = positiveInteger("timeoutMs", opts.timeoutMs ?? 60_000);
    const compiled = opts.preloadMujoco === false ? undefined : await compiledMujocoOnce();
    const inits: WorkerInit[] = [];
    for (let w = 0, first = 0; w < numWorkers; w++) {
      // Contiguous blocks whose sizes differ by at most one.
      const envCount = Math.floor(numEnvs / numWorkers) + (w < numEnvs % numWorkers ? 1 : 0);
      inits.push({
        envId: id,
        makeOptions: opts.makeOptions ?? {},
        workerIndex: w,
        firstEnv: first,
        envCount,
        compiledMujoco: compiled,
        setupModules: opts.setupModules ?? [],
      });
      first += envCount;
    }
    const started = await Promise.allSettled(inits.map(startWorker));
    const failure = started.find((s) => s.status === "rejected");
    if (failure) {
      for (const s of started) if (s.status === "fulfilled") s.value.worker.terminate();
      throw (failure as PromiseRejectedResult).reason;
    }
    const workers = started.map(
      (s) => (s as PromiseFulfilledResult<{ worker: Worker; ready: ReadyMessage }>).value,
    );
    const { observationSpace, actionSpace, maxEpisodeSteps } = workers[0].ready;
    const sizes: LayoutSizes = {
      numEnvs,
      numWorkers,
      obsDim: observationSpace.shape[0],
      actDim: actionSpace.shape[0],
      infoBytes,
      errorBytes: ERROR_BYTES,
    };
    const buffer = new SharedArrayBuffer(sharedBufferBytes(sizes));
    const attach: AttachMessage = { type: "attach", buffer, sizes };
    for (const { worker } of workers) {
      worker.postMessage(attach);
      // Idle workers must not keep the process alive.
      worker.unref();
    }
    const views = sharedViews(buffer, sizes);
    const list = workers.map((w) => w.worker);
    const vec = new VectorEnv(
      id,
      numEnvs,
      observationSpace,
      actionSpace,
      maxEpisodeSteps,
      list,
      views,
      sizes,
      timeoutMs,
    );
    // Commands catch their own errors; this keeps anything else a worker throws from crashing the
    // process, and reports it if the worker then stops answering.
    list.forEach((worker, w) => {
      worker.on("error", (err) => vec.workerErrors.push(`worker ${w}: ${err.message}`));
    });
    return vec;
  }

  get numWorkers(): number {
    return this.workers.length;
  }

  reset(opts: { seed?: number } = {}): VectorResetResult {
    for (let i = 0; i < this.numEnvs; i++)
      this.v.seeds[i] = opts.seed === undefined ? Number.NaN : opts.seed + i;
    this.run(COMMAND.reset);
    const infos = new Array<EnvInfo>(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) infos[i] = this.info(i);
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
      const info = this.info(i);
      if (flags & FLAG.ended) info.finalObs = this.v.finalObs.slice(i * this.obsDim, (i + 1) * this.obsDim);
      result.infos[i] = info;
    }
    return result;
  }

  /** Frees the workers and their envs; the vector env must not be used afterwards. */
  close(): void {
    if (this.closed) return;
    try {
      this.run(COMMAND.close);
    } finally {
      this.closed = true;
      for (const worker of this.workers) worker.terminate();
    }
  }

  private info(i: number): EnvInfo {
    const { infoBytes } = this.sizes;
    return decodeInfo(this.v.infoBytes.subarray(i * infoBytes, (i + 1) * infoBytes), this.v.infoLengths[i]);
  }

  /** Hands every worker `command` and blocks until all have done it. */
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
    const deadline = performance.now() + this.timeoutMs;
    const failures: string[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const at = w * CONTROL_SLOTS + SLOT.doneSeq;
      for (;;) {
        const done = Atomics.load(control, at);
        if (done === seq) break;
        const left = deadline - performance.now();
        if (left <= 0) {
          this.closed = true;
          for (const worker of this.workers) worker.terminate();
          const seen = this.workerErrors.length > 0 ? ` (errors seen: ${this.workerErrors.join("; ")})` : "";
          throw new Error(
            `${this.id}: VectorEnv worker ${w} did not answer within ${this.timeoutMs} ms; closed it${seen}.`,
          );
        }
        Atomics.wait(control, at, done, left);
      }
      if (control[w * CONTROL_SLOTS + SLOT.status] === STATUS.failed) {
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
