// One step of a pipeline (pipeline/runPipeline.ts): it knows from its outputs on disk whether it is
// done, partly done (a killed earlier session left resumable work) or not started, and runs to
// completion from there. Stages never delete finished outputs.
import type { ProgressBoard } from "../util/progress.js";

export type StageState = "done" | "partial" | "todo";

export interface StageContext {
  /** Progress bars of this stage (stopped by the pipeline when the stage ends). */
  board: ProgressBoard;
  /** Aborted to stop the pipeline (tests); stages that run worker processes also stop on Ctrl-C. */
  signal: AbortSignal;
}

export interface Stage {
  /** What the stage makes, e.g. "dataset hopper-medium (50000 rows)". */
  label: string;
  /** Throws one sentence when the outputs on disk belong to other settings. */
  state(): StageState | Promise<StageState>;
  run(ctx: StageContext): Promise<void>;
}

/** Thrown when the user stopped the pipeline; everything done so far is kept and resumes. */
export class PipelineStopped extends Error {
  constructor(readonly stage: string) {
    super(`Stopped during ${stage}; run the same command again to continue.`);
    this.name = "PipelineStopped";
  }
}
