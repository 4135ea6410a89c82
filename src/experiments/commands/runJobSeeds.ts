// Trains the seeds of a job (`atradiff train`, `atradiff resume`) in worker processes with a
// progress bar per seed and one summary line per seed at the end; Ctrl-C stops them resumably.
import { describeEngineFor } from "../../engine/runtime.js";
import { listenForInterrupts } from "../../util/interrupts.js";
import { ProgressBoard } from "../../util/progress.js";
import type { SeedStatus } from "../seeds/jobDirectory.js";
import { planWorkers, runSeedsInWorkers } from "../seeds/seedPool.js";

function formatReturn(x: number | null): number | undefined {
  return x === null ? undefined : Math.round(x * 10) / 10;
}

/** What became of a seed stopped by Ctrl-C. */
function stoppedAt(o: { finished: boolean; step: number; error?: string }, killed: boolean): string {
  if (o.finished) return `finished ${o.step} steps`;
  if (killed) return "stopped at once; it resumes from its last checkpoint";
  if (o.error) return `failed at step ${o.step}: ${o.error}`;
  return `checkpoint written at step ${o.step}`;
}

/**
 * Runs the given seeds in worker processes with a progress bar each; prints one summary line per
 * seed. Throws one sentence if a seed failed; exits 130 after Ctrl-C (interrupts.ts; the runs stay
 * resumable).
 */
export async function runJobSeeds(
  jobDir: string,
  seeds: SeedStatus[],
  totalSteps: number,
  parallel: number | undefined,
): Promise<void> {
  const plan = planWorkers(seeds.length, { parallel });
  console.log(`engine: ${await describeEngineFor(plan.threads)} per seed`);
  const board = new ProgressBoard({ labelWidth: Math.max(...seeds.map((s) => `seed ${s.seed}`.length)) });
  const tasks = new Map(seeds.map((s) => [s.seed, board.add(`seed ${s.seed}`, totalSteps, s.step)]));
  const interrupts = listenForInterrupts((m) => board.log(m));
  let outcomes: Awaited<ReturnType<typeof runSeedsInWorkers>>;
  try {
    outcomes = await runSeedsInWorkers(seeds, {
      ...plan,
      signal: interrupts.graceful,
      stopNow: interrupts.now,
      onProgress: (seed, p) =>
        tasks
          .get(seed)
          ?.update(p.step, { return: formatReturn(p.lastReturn), eval: formatReturn(p.lastEvalReturn) }),
      onEnd: (o) => tasks.get(o.seed)?.finish(o.error ? "failed" : o.finished ? "done" : "stopped"),
      onWarning: (_, message) => board.log(message),
    });
  } finally {
    board.stop();
    interrupts.dispose();
  }
  if (interrupts.graceful.aborted) {
    for (const o of outcomes) console.error(`seed ${o.seed}: ${stoppedAt(o, interrupts.now.aborted)}`);
    console.error(`Stopped. Continue with \`atradiff resume ${jobDir}\`.`);
    process.exit(130);
  }
  for (const o of outcomes)
    console.log(`seed ${o.seed}: ${o.error ? `failed at step ${o.step}` : `finished ${o.step} steps`}`);
  const failed = outcomes.find((o) => o.error);
  if (failed) throw new Error(`Seed ${failed.seed} failed: ${failed.error}`);
}
