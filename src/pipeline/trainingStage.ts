// Stage: every training run of the plan. A run directory that is missing is created as `atradiff
// train` would (config.json per job and seed); one that exists must hold the plan's settings. The
// unfinished seeds of all runs then share one pool of worker processes (seedPool.ts), ordered seed by
// seed across runs so that the methods progress side by side; each seed resumes from its latest
// checkpoint, as `atradiff resume` does. With force (`atradiff experiment --force`) a run directory
// of other settings is replaced if atradiff made it (util/outputDirectory.ts), else refused. Ctrl-C stops the workers (each at its next episode end, with a checkpoint: interrupts.ts); their runs stay resumable.
// A seed that another live process is training is left to it (its lock file names the process).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TrainConfig } from "../experiments/job/runConfig.js";
import { createJob, jobStatus, readJobConfig, type SeedStatus } from "../experiments/seeds/jobDirectory.js";
import { CONFIG_FILE, SEED_LOCK_FILE } from "../experiments/seeds/runSeed.js";
import { planWorkers, runSeedsInWorkers } from "../experiments/seeds/seedPool.js";
import { listenForInterrupts } from "../util/interrupts.js";
import { formatDuration } from "../util/progress.js";
import { lockHolder } from "../util/runLock.js";
import type { RunSpec } from "./pipelinePlan.js";
import { canonicalJson, planRunConfig } from "./planRunConfig.js";
import { PipelineStopped, type Stage, type StageState } from "./stage.js";

interface SeedOfRun extends SeedStatus {
  run: string;
}

function hasRun(spec: RunSpec): boolean {
  return existsSync(join(spec.dir, CONFIG_FILE));
}

/**
 * True when the run directory holds the plan's run; false when it holds a run of other settings
 * that `force` lets the plan replace (createJob replaces only a run atradiff marked); else throws.
 */
function isSameRun(spec: RunSpec, config: TrainConfig, force: boolean): boolean {
  if (canonicalJson(readJobConfig(spec.dir)) === canonicalJson(config)) return true;
  if (force) return false;
  throw new Error(
    `The run directory ${spec.dir} holds a run with other settings than the plan's run ${spec.name}; pass --force to replace it, move it away, or give another output directory.`,
  );
}

/** The run's seeds, its directory created (or replaced, with force) first when needed. */
function openRun(spec: RunSpec, config: TrainConfig, force: boolean): SeedOfRun[] {
  if (!hasRun(spec)) createJob(spec.dir, config);
  else if (!isSameRun(spec, config, force)) createJob(spec.dir, config, { force: true });
  return jobStatus(spec.dir).seeds.map((s) => ({ ...s, run: spec.name }));
}

function state(runs: readonly RunSpec[], force: boolean): StageState {
  const existing = runs.filter((r) => hasRun(r) && isSameRun(r, planRunConfig(r), force));
  if (existing.length === 0) return "todo";
  const seeds = existing.flatMap((r) => jobStatus(r.dir).seeds);
  return existing.length === runs.length && seeds.every((s) => s.finished) ? "done" : "partial";
}

/** Seed 0 of every run, then seed 1 of every run, ...: the methods advance together. */
function sideBySide<S extends SeedOfRun>(seeds: S[]): S[] {
  return [...seeds].sort((a, b) => a.seed - b.seed);
}

/** `force`: runs of other settings than the plan's, in directories atradiff marked, are replaced. */
export function trainingStage(runs: readonly RunSpec[], parallel?: number, force = false): Stage {
  return {
    label: `training ${runs.map((r) => r.name).join(", ")}`,
    state: () => state(runs, force),
    run: async ({ board, signal }) => {
      const all = runs.flatMap((r) => {
        const config = planRunConfig(r);
        return openRun(r, config, force).map((s) => ({ ...s, total: config.steps }));
      });
      const unfinished = sideBySide(all.filter((s) => !s.finished));
      // Seeds that another live process is training (e.g. a second session on the same runs) are
      // left to it; the stage then ends incomplete, and the next invocation finds them done.
      const holders = unfinished.map((s) => lockHolder(join(s.dir, SEED_LOCK_FILE)));
      const busy = unfinished.flatMap((s, i) =>
        holders[i] === null ? [] : [`${s.run} seed ${s.seed} (process ${holders[i]})`],
      );
      const todo = unfinished.filter((_, i) => holders[i] === null);
      if (busy.length > 0) board.log(`Left to the processes training them: ${busy.join(", ")}.`);
      // The pool names its jobs by seed; jobs of several runs are numbered 0..n-1 here instead.
      const jobs = todo.map((s, i) => ({ seed: i, dir: s.dir }));
      const labels = todo.map((s) => `${s.run} seed ${s.seed}`);
      const width = Math.max(...labels.map((l) => l.length));
      const tasks = todo.map((s, i) => board.add(labels[i].padEnd(width), s.total, s.step));
      const interrupts = listenForInterrupts((m) => board.log(m));
      const stop = new AbortController();
      const onStop = () => stop.abort();
      signal.addEventListener("abort", onStop);
      interrupts.graceful.addEventListener("abort", onStop);
      const started = performance.now();
      let outcomes: Awaited<ReturnType<typeof runSeedsInWorkers>>;
      try {
        outcomes = await runSeedsInWorkers(jobs, {
          ...planWorkers(jobs.length, { parallel }),
          signal: stop.signal,
          stopNow: interrupts.now,
          onProgress: (i, p) =>
            tasks[i].update(p.step, {
              return: p.lastReturn === null ? undefined : Math.round(p.lastReturn),
              eval: p.lastEvalReturn === null ? undefined : Math.round(p.lastEvalReturn),
            }),
          onEnd: (o) => tasks[o.seed].finish(o.error ? "failed" : o.finished ? "done" : "stopped"),
          onWarning: (_, message) => board.log(message),
        });
      } finally {
        signal.removeEventListener("abort", onStop);
        interrupts.dispose();
      }
      if (stop.signal.aborted)
        throw new PipelineStopped(`training (after ${formatDuration((performance.now() - started) / 1000)})`);
      const failed = outcomes.find((o) => o.error);
      if (failed) throw new Error(`${labels[failed.seed]} failed: ${failed.error}`);
      if (busy.length > 0)
        throw new Error(
          `Other processes are training ${busy.join(", ")}; run the same command again once they finish to complete the training and the report.`,
        );
    },
  };
}
