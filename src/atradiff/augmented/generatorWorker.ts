// The generator worker thread (ATraDiff §4.2, "generation must not stall the agent"): builds its
// trajectory source, then generates each request batch it receives, in order, with
// batchRng(seed, index), posting the trajectories back and counting them in the shared signal.
import { type MessagePort, workerData } from "node:worker_threads";
import type { Batch } from "../../data/batch.js";
import { initEngine } from "../../engine/runtime.js";
import { loadGenerator } from "../generatorCheckpoint.js";
import { batchRng } from "./generationBackend.js";
import { generatorSource, type TrajectorySource } from "./trajectorySource.js";
import type {
  FromWorker,
  ToWorker,
  TrajectoryColumns,
  WorkerInit,
  WorkerSourceSpec,
} from "./workerMessages.js";

const init = workerData as (WorkerInit & { port: MessagePort }) | null;
if (!init?.port)
  throw new Error("generatorWorker.js runs only as a worker thread started by WorkerGeneration.");
const { port, seed } = init;
const signal = new Int32Array(init.signal);

async function buildSource(spec: WorkerSourceSpec): Promise<TrajectorySource> {
  if (spec.kind === "generatorDirectory")
    return generatorSource(loadGenerator(spec.dir), { task: spec.task, steps: spec.steps });
  const module = (await import(spec.moduleUrl)) as Record<string, unknown>;
  const factory = module[spec.exportName];
  if (typeof factory !== "function")
    throw new Error(`${spec.moduleUrl} exports no function named ${spec.exportName}.`);
  return (await factory(spec.options)) as TrajectorySource;
}

function columns(t: Batch): TrajectoryColumns {
  const o = t.obsDim;
  const a = t.actDim;
  return {
    size: t.size,
    obs: t.obs.slice(0, t.size * o),
    action: t.action.slice(0, t.size * a),
    reward: t.reward.slice(0, t.size),
    nextObs: t.nextObs.slice(0, t.size * o),
    terminal: t.terminal.slice(0, t.size),
  };
}

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

let source: Promise<TrajectorySource> = initEngine({ threads: init.engineThreads }).then(() =>
  buildSource(init.spec),
);
// Messages are handled strictly in arrival order.
let queue: Promise<void> = Promise.resolve();

function handle(m: ToWorker): Promise<void> {
  if (m.type === "reload")
    return source.then(
      (old) => {
        old.dispose?.();
        source = buildSource(init!.spec);
      },
      () => {
        source = buildSource(init!.spec);
      },
    );
  return source.then(
    (s) => {
      try {
        const started = performance.now();
        const trajectories = s.generate(m.startStates, batchRng(seed, m.index)).map(columns);
        const seconds = (performance.now() - started) / 1000;
        const transfer = trajectories.flatMap((t) =>
          [t.obs, t.action, t.reward, t.nextObs, t.terminal].map((c) => c.buffer as ArrayBuffer),
        );
        post({ type: "trajectories", index: m.index, trajectories, seconds }, transfer);
      } catch (err) {
        post({ type: "failed", index: m.index, message: err instanceof Error ? err.message : String(err) });
      }
    },
    (err: unknown) => {
      post({ type: "failed", index: m.index, message: err instanceof Error ? err.message : String(err) });
    },
  );
}

port.on("message", (m: ToWorker) => {
  queue = queue.then(() => handle(m));
});
