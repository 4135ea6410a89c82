// Messages between the agent's thread and the generator worker (workerGeneration.ts,
// generatorWorker.ts).

/** How the worker builds its trajectory source. */
export type WorkerSourceSpec =
  /** An ATraDiff generator saved with saveGenerator (§4.1). */
  | { kind: "generatorDirectory"; dir: string; task?: number | number[]; steps?: number }
  /** `exportName` of the ES module at `moduleUrl`, called with `options`, returns a TrajectorySource (or a promise of one). */
  | { kind: "module"; moduleUrl: string; exportName: string; options?: unknown };

export interface WorkerInit {
  spec: WorkerSourceSpec;
  seed: number;
  engineThreads: number;
  /** Int32Array over it: [0] messages posted so far (the agent's thread waits on it). */
  signal: SharedArrayBuffer;
}

export type ToWorker =
  | { type: "generate"; index: number; startStates: Float32Array }
  /** Rebuild the source from its spec (the generator on disk was adapted); applies to later batches. */
  | { type: "reload" };

export interface TrajectoryColumns {
  size: number;
  /** GenerationCounts (trajectorySource.ts), when the source gave them. */
  generatedSteps?: number;
  clippedActionSteps?: number;
  obs: Float32Array;
  action: Float32Array;
  reward: Float32Array;
  nextObs: Float32Array;
  terminal: Float32Array;
}

export type FromWorker =
  /** seconds: the worker's time generating this batch. */
  | { type: "trajectories"; index: number; trajectories: TrajectoryColumns[]; seconds: number }
  /** Generating one batch threw; the worker goes on with the next. */
  | { type: "failed"; index: number; message: string }
  /** The worker thread itself stopped (an uncaught error, or its thread exited): nothing more comes. */
  | { type: "crashed"; message: string };
