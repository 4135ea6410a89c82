// Messages a seed's worker process sends to the process that started it, and the one it receives.
import type { LoopProgress } from "../loops/loopRun.js";

export type SeedMessage =
  | ({ type: "progress" } & LoopProgress)
  | { type: "done"; finished: boolean; step: number }
  | { type: "error"; message: string }
  /** One line for the user, e.g. that a resume runs on other engine kernels (engineSessions.ts). */
  | { type: "warning"; message: string };

/** Checkpoint at the next episode end and stop (a graceful stop: no step is lost). */
export type WorkerCommand = { type: "stop" };
