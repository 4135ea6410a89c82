// The generator worker thread (ATraDiff §4.2, "generation must not stall the agent"): builds its
// trajectory source, then generates each request batch it receives, in order, with
// batchRng(seed, index), posting the trajectories back and counting them in the shared signal.
//
// A batch whose generation throws is reported as "failed" and the worker goes on. Anything that
// stops the thread itself (an error outside a batch, a module that fails to load, process.exit in
// a user's source) is reported as "crashed" before the thread ends, so the agent's thread, which
// may be blocked waiting for a batch, learns of it at once (workerGeneration.ts). Only type
// imports are static: the crash handlers are installed before any of the worker's code loads.
import { type MessagePort, workerData } from "node:worker_threads";
import { errorMessage } from "../../util/systemErrors.js";
import type { GeneratedTrajectory, TrajectorySource } from "./trajectorySource.js";
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

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

const messageOf = errorMessage;

/** The batch being generated, for the crash report. */
let current: number | null = null;
let crashed = false;

function crash(message: string): void {
  if (crashed) return;
  crashed = true;
  post({
    type: "crashed",
    message: current === null ? message : `${message} (generating request batch ${current})`,
  });
}

process.on("uncaughtException", (err) => {
  crash(messageOf(err));
  process.exit(1);
});
process.on("exit", (code) => crash(`its thread exited with code ${code}`));

async function buildSource(spec: WorkerSourceSpec): Promise<TrajectorySource> {
  if (spec.kind === "generatorDirectory") {
    const [{ loadGenerator }, { generatorSource }] = await Promise.all([
      import("../generator/generatorCheckpoint.js"),
      import("./trajectorySource.js"),
    ]);
    return generatorSource(loadGenerator(spec.dir), { task: spec.task, steps: spec.steps });
  }
  const module = (await import(spec.moduleUrl)) as Record<string, unknown>;
  const factory = module[spec.exportName];
  if (typeof factory !== "function")
    throw new Error(`${spec.moduleUrl} exports no function named ${spec.exportName}.`);
  return (await factory(spec.options)) as TrajectorySource;
}

function columns(t: GeneratedTrajectory): TrajectoryColumns {
  const o = t.obsDim;
  const a = t.actDim;
  return {
    size: t.size,
    ...(t.generatedSteps === undefined ? {} : { generatedSteps: t.generatedSteps }),
    ...(t.clippedActionSteps === undefined ? {} : { clippedActionSteps: t.clippedActionSteps }),
    obs: t.obs.slice(0, t.size * o),
    action: t.action.slice(0, t.size * a),
    reward: t.reward.slice(0, t.size),
    nextObs: t.nextObs.slice(0, t.size * o),
    terminal: t.terminal.slice(0, t.size),
  };
}

const modules = Promise.all([import("../../engine/runtime.js"), import("./generationBackend.js")]);
const [{ initEngine }, { batchRng }] = await modules.catch((err: unknown) => {
  crash(`its modules failed to load: ${messageOf(err)}`);
  process.exit(1);
});

let source: Promise<TrajectorySource> = initEngine({ threads: init.engineThreads }).then(() =>
  buildSource(init.spec),
);

async function handle(m: ToWorker): Promise<void> {
  if (m.type === "reload") {
    const old = await source.catch(() => null);
    old?.dispose?.();
    source = buildSource(init!.spec);
    return;
  }
  let s: TrajectorySource;
  try {
    s = await source;
  } catch (err) {
    post({ type: "failed", index: m.index, message: messageOf(err) });
    return;
  }
  current = m.index;
  try {
    const started = performance.now();
    const trajectories = s.generate(m.startStates, batchRng(seed, m.index)).map(columns);
    const seconds = (performance.now() - started) / 1000;
    const transfer = trajectories.flatMap((t) =>
      [t.obs, t.action, t.reward, t.nextObs, t.terminal].map((c) => c.buffer as ArrayBuffer),
    );
    post({ type: "trajectories", index: m.index, trajectories, seconds }, transfer);
  } catch (err) {
    post({ type: "failed", index: m.index, message: messageOf(err) });
  }
  current = null;
}

// Messages are handled strictly in arrival order; an error outside a batch ends the worker.
let queue: Promise<void> = Promise.resolve();
port.on("message", (m: ToWorker) => {
  queue = queue
    .then(() => handle(m))
    .catch((err: unknown) => {
      crash(messageOf(err));
      process.exit(1);
    });
});
