// The few postMessage exchanges of a VectorEnv worker, all at start-up (steps go through the
// shared buffer): workerData in, "ready" (or "failed") out, then "attach" in.
import type { EnvMakeOptions } from "../registry.js";
import type { Box } from "../types.js";
import type { LayoutSizes } from "./sharedLayout.js";

export interface WorkerInit {
  envId: string;
  makeOptions: EnvMakeOptions;
  workerIndex: number;
  /** This worker's envs are firstEnv .. firstEnv + envCount - 1 of the vector. */
  firstEnv: number;
  envCount: number;
  /** MuJoCo's wasm compiled by the parent; the worker instantiates it instead of compiling. */
  compiledMujoco?: WebAssembly.Module;
  /** Module URLs imported before making envs (to register env ids that src/envs/index does not). */
  setupModules: string[];
}

/** A Box as it arrives through postMessage: its data, without the methods. */
export type BoxData = Pick<Box, "shape" | "low" | "high">;

export interface ReadyMessage {
  type: "ready";
  observationSpace: BoxData;
  actionSpace: BoxData;
  maxEpisodeSteps: number;
}

export interface FailedMessage {
  type: "failed";
  message: string;
}

export interface AttachMessage {
  type: "attach";
  buffer: SharedArrayBuffer;
  sizes: LayoutSizes;
}
