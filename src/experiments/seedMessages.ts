// Messages a seed's worker process sends to the process that started it.
import type { LoopProgress } from "./loopRun.js";

export type SeedMessage =
  | ({ type: "progress" } & LoopProgress)
  | { type: "done"; finished: boolean; step: number }
  | { type: "error"; message: string };
