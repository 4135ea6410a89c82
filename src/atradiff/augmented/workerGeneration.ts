// Generation in a worker thread (ATraDiff §4.2): request batches are posted to the worker as they
// close and generated there while the agent trains; take(index) collects a batch's trajectories,
// waiting (Atomics.wait on a shared counter, then receiveMessageOnPort) only when the worker has not
// finished it yet. The worker draws from batchRng(seed, index), as InThreadGeneration does, so the
// trajectories are the same; the augmented buffer decides when they are inserted.
//
// A worker that stops (its "crashed" message, or the Worker's 'error' / 'exit' events, which would
// otherwise take the whole process down with an unhandled 'error') makes the next submit or take
// throw one sentence naming the source (e.g. the generator directory) and what failed.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { GenerationBackend } from "./generationBackend.js";
import { checkTrajectories, type GeneratedTrajectory } from "./trajectorySource.js";
import type { FromWorker, ToWorker, WorkerInit, WorkerSourceSpec } from "./workerMessages.js";

export interface WorkerGenerationOptions {
  spec: WorkerSourceSpec;
  seed: number;
  obsDim: number;
  actDim: number;
  /** Engine threads inside the worker (default 1: the agent's thread keeps the other cores). */
  engineThreads?: number;
  /** Longest wait for one batch before giving up, in milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** What the worker generates with, for error messages (default: from the spec). */
  label?: string;
}

function describeSpec(spec: WorkerSourceSpec): string {
  return spec.kind === "generatorDirectory"
    ? `the generator in ${spec.dir}`
    : `${spec.exportName} of ${spec.moduleUrl}`;
}

export class WorkerGeneration implements GenerationBackend {
  readonly obsDim: number;
  readonly actDim: number;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly timeoutMs: number;
  private readonly ready = new Map<number, GeneratedTrajectory[] | Error>();
  /** Start states per submitted batch not yet returned. */
  private readonly starts = new Map<number, number>();
  private closed = false;
  /** Set once the worker has stopped: every later submit or take throws it. */
  private stopped: Error | null = null;
  readonly label: string;
  /** The worker's time spent generating the batches received so far (seconds). */
  generationSeconds = 0;

  constructor(o: WorkerGenerationOptions) {
    this.obsDim = o.obsDim;
    this.actDim = o.actDim;
    this.timeoutMs = o.timeoutMs ?? 600_000;
    this.label = o.label ?? describeSpec(o.spec);
    const engineThreads = o.engineThreads ?? 1;
    if (!Number.isInteger(engineThreads) || engineThreads < 1)
      throw new Error(
        `The generator worker needs a positive whole number of engine threads, got ${engineThreads}.`,
      );
    const shared = new SharedArrayBuffer(4);
    this.signal = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const init: WorkerInit & { port: MessagePort } = {
      spec: o.spec,
      seed: o.seed,
      engineThreads,
      signal: shared,
      port: port2,
    };
    this.worker = new Worker(new URL("./generatorWorker.js", import.meta.url), {
      workerData: init,
      transferList: [port2],
    });
    // The worker never keeps the process alive; close() ends it.
    this.worker.unref();
    this.worker.on("error", (err) => this.stop(err.message));
    this.worker.on("exit", (code) => this.stop(`its thread exited with code ${code}`));
  }

  submit(index: number, startStates: Float32Array): void {
    if (!this.closed) this.drain();
    this.starts.set(index, startStates.length / this.obsDim);
    this.post({ type: "generate", index, startStates: startStates.slice() });
  }

  /** Later batches use the source rebuilt from its spec (e.g. the adapted generator saved to its directory). */
  reload(): void {
    this.post({ type: "reload" });
  }

  take(index: number): GeneratedTrajectory[] {
    if (this.closed) throw new Error("The generator worker is closed.");
    const deadline = Date.now() + this.timeoutMs;
    while (!this.ready.has(index)) {
      const seen = Atomics.load(this.signal, 0);
      this.drain();
      if (this.ready.has(index)) break;
      if (this.stopped) throw this.stopped;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `The generator worker for ${this.label} did not return request batch ${index} within ${this.timeoutMs} ms (its thread may have been killed, e.g. out of memory).`,
        );
      Atomics.wait(this.signal, 0, seen, Math.min(left, 1000));
    }
    const result = this.ready.get(index)!;
    this.ready.delete(index);
    this.starts.delete(index);
    if (result instanceof Error) throw result;
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }

  private post(m: ToWorker): void {
    if (this.closed) throw new Error("The generator worker is closed.");
    if (this.stopped) throw this.stopped;
    this.port.postMessage(m);
  }

  /** Records that the worker stopped (the first report wins; nothing counts after close). */
  private stop(what: string): void {
    if (this.closed || this.stopped) return;
    this.stopped = new Error(`The generator worker for ${this.label} stopped: ${what.replace(/\.$/, "")}.`);
  }

  private drain(): void {
    for (let r = receiveMessageOnPort(this.port); r; r = receiveMessageOnPort(this.port)) {
      const m = r.message as FromWorker;
      if (m.type === "failed") {
        this.ready.set(
          m.index,
          new Error(
            `The generator worker for ${this.label} failed on request batch ${m.index}: ${m.message}`,
          ),
        );
        continue;
      }
      if (m.type === "crashed") {
        this.stop(m.message);
        continue;
      }
      this.generationSeconds += m.seconds;
      const trajectories: GeneratedTrajectory[] = m.trajectories.map((t) => ({
        ...t,
        obsDim: this.obsDim,
        actDim: this.actDim,
      }));
      try {
        checkTrajectories(trajectories, this.starts.get(m.index) ?? -1, this.obsDim, this.actDim);
        this.ready.set(m.index, trajectories);
      } catch (err) {
        this.ready.set(m.index, err as Error);
      }
    }
  }
}
