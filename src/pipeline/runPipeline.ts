// Runs a pipeline's stages in order: a stage whose outputs are complete is skipped, one that a
// killed session left partly done is resumed, the others run from the start. A stage runs only once
// every stage before it is done, so a pipeline stopped at any moment continues where it stopped.
import type { ProgressBoard } from "../util/progress.js";
import type { Stage, StageState } from "./stage.js";

export interface StageOutcome {
  label: string;
  /** The stage's state when the pipeline reached it. */
  before: StageState;
  /** Wall-clock seconds this session spent in it (0 when skipped). */
  seconds: number;
}

export interface PipelineOptions {
  /** A fresh progress board for each stage that runs. */
  makeBoard: () => ProgressBoard;
  /** One line per stage: what is done with it. */
  log: (line: string) => void;
  signal?: AbortSignal;
}

const VERB: Record<StageState, string> = { done: "done, skipped", partial: "resuming", todo: "starting" };

export async function runPipeline(stages: readonly Stage[], o: PipelineOptions): Promise<StageOutcome[]> {
  const signal = o.signal ?? new AbortController().signal;
  const outcomes: StageOutcome[] = [];
  for (const [i, stage] of stages.entries()) {
    const before = await stage.state();
    o.log(`[${i + 1}/${stages.length}] ${stage.label}: ${VERB[before]}`);
    const t0 = performance.now();
    if (before !== "done") {
      const board = o.makeBoard();
      try {
        await stage.run({ board, signal });
      } finally {
        board.stop();
      }
      const after = await stage.state();
      if (after !== "done")
        throw new Error(`The stage "${stage.label}" ended without completing its outputs (state ${after}).`);
    }
    const seconds = before === "done" ? 0 : (performance.now() - t0) / 1000;
    outcomes.push({ label: stage.label, before, seconds });
  }
  return outcomes;
}
