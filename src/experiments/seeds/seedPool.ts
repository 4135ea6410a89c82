// Runs the seeds of a job in worker processes (child_process.fork of seedWorker.js), at most
// `parallel` at a time, each with its own engine of `threads` threads so that parallel x threads
// stays within the machine's cores, or within ATRADIFF_THREADS when set (one thread each when more seeds than cores were asked to run at
// once: the user's --parallel is honoured, the seeds then share the cores). A failing seed does not
// stop the others.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { defaultThreads } from "../../engine/runtime.js";
import type { LoopProgress } from "../loops/loopRun.js";
import type { SeedMessage, WorkerCommand } from "./seedMessages.js";

export interface SeedJob {
  seed: number;
  /** runs/<name>/seed-<s> */
  dir: string;
}

export interface SeedOutcome {
  seed: number;
  finished: boolean;
  step: number;
  /** Why the seed failed (one sentence), when it did. */
  error?: string;
}

export interface WorkerPlan {
  parallel: number;
  threads: number;
}

/**
 * Seeds run side by side and engine threads per worker, within a budget of cores: ATRADIFF_THREADS
 * when set (a job sharing the machine), else every core. By default one seed per core; an explicit
 * `parallel` is honoured even above the budget (then one thread each).
 */
export function planWorkers(seeds: number, opts: { cores?: number; parallel?: number } = {}): WorkerPlan {
  const cores = Math.max(1, opts.cores ?? defaultThreads());
  const parallel = Math.max(1, Math.min(seeds, opts.parallel ?? cores));
  return { parallel, threads: Math.max(1, Math.floor(cores / parallel)) };
}

export interface SeedPoolOptions extends WorkerPlan {
  onStart?: (seed: number) => void;
  onProgress?: (seed: number, p: LoopProgress) => void;
  onEnd?: (outcome: SeedOutcome) => void;
  /** A line a seed's worker has for the user (e.g. a resume on other engine kernels). */
  onWarning?: (seed: number, message: string) => void;
  /** Asks every worker to checkpoint at its next episode end and stop; no new seed starts. */
  signal?: AbortSignal;
  /** Kills every worker at once; each run resumes from its latest checkpoint. */
  stopNow?: AbortSignal;
}

const WORKER = fileURLToPath(new URL("./seedWorker.js", import.meta.url));
/** How much of a crashed worker's stderr to show. */
const STDERR_TAIL = 2000;

export async function runSeedsInWorkers(jobs: SeedJob[], opts: SeedPoolOptions): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  const running = new Set<ChildProcess>();
  const stopAll = () => {
    for (const child of running) if (child.connected) child.send({ type: "stop" } satisfies WorkerCommand);
  };
  const killAll = () => {
    for (const child of running) child.kill("SIGKILL");
  };
  opts.signal?.addEventListener("abort", stopAll);
  opts.stopNow?.addEventListener("abort", killAll);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length && !opts.signal?.aborted) {
      const job = jobs[next++];
      opts.onStart?.(job.seed);
      const outcome = await runOne(job, opts, running);
      outcomes.push(outcome);
      opts.onEnd?.(outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.parallel, jobs.length) }, lane));
  } finally {
    opts.signal?.removeEventListener("abort", stopAll);
    opts.stopNow?.removeEventListener("abort", killAll);
  }
  return outcomes.sort((a, b) => a.seed - b.seed);
}

function runOne(job: SeedJob, opts: SeedPoolOptions, running: Set<ChildProcess>): Promise<SeedOutcome> {
  return new Promise((resolve) => {
    const child = fork(WORKER, [job.dir], {
      env: { ...process.env, ATRADIFF_THREADS: String(opts.threads) },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    running.add(child);
    let stderr = "";
    let outcome: SeedOutcome | null = null;
    let lastStep = 0;
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    child.on("message", (m: SeedMessage) => {
      if (m.type === "progress") {
        lastStep = m.step;
        opts.onProgress?.(job.seed, m);
      } else if (m.type === "done") outcome = { seed: job.seed, finished: m.finished, step: m.step };
      else if (m.type === "error")
        outcome = { seed: job.seed, finished: false, step: lastStep, error: m.message };
      else if (m.type === "warning") opts.onWarning?.(job.seed, m.message);
    });
    const settle = (code: number | null, signal: NodeJS.Signals | null) => {
      running.delete(child);
      if (outcome) return resolve(outcome);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const detail = stderr.trim() === "" ? "" : `: ${stderr.trim()}`;
      resolve({
        seed: job.seed,
        finished: false,
        step: lastStep,
        error: `The worker of seed ${job.seed} ${how}${detail}`,
      });
    };
    // "close" comes after the exit and after every IPC message has been delivered.
    child.on("close", settle);
    child.on("error", (err) => {
      if (!outcome) outcome = { seed: job.seed, finished: false, step: lastStep, error: err.message };
    });
  });
}
