// One progress bar for a policy-training run (`dataset train-policy`, `dataset train-walker`): the
// env step with the last evaluation and training returns; the board and the engine are closed
// after the run, whether it finished, stopped or failed.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import type { LoopProgress } from "../../experiments/loops/loopRun.js";
import { ProgressBoard } from "../../util/progress.js";

const returnText = (x: number | null): string => (x === null ? "-" : x.toFixed(1));

export async function withPolicyProgress<T>(
  label: string,
  train: (onProgress: (p: LoopProgress) => void) => Promise<T>,
): Promise<T> {
  await initEngine();
  const board = new ProgressBoard({ labelWidth: 20 });
  let bar: ReturnType<ProgressBoard["add"]> | null = null;
  try {
    const outcome = await train((p) => {
      bar ??= board.add(label, p.total, p.step);
      bar.update(p.step, { eval: returnText(p.lastEvalReturn), return: returnText(p.lastReturn) });
    });
    (bar as ReturnType<ProgressBoard["add"]> | null)?.finish();
    return outcome;
  } finally {
    board.stop();
    await closeEngine();
  }
}
