// A training job's directory: runs/<name>/config.json (the job's settings, every seed) and one
// runs/<name>/seed-<s>/ per seed with its own config.json, metrics.jsonl and checkpoints/.
// An existing directory is only ever replaced on request (force), only if atradiff made it as a run
// (util/outputDirectory.ts), and never while another process trains one of its seeds.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import {
  claimOutputDirectory,
  type OutputRules,
  startInOutputDirectory,
} from "../../util/outputDirectory.js";
import { lockHolder } from "../../util/runLock.js";
import { parseSettings, seedConfig, type TrainConfig, trainConfigSchema } from "../job/runConfig.js";
import { CheckpointStore } from "../loops/checkpointStore.js";
import { CHECKPOINTS_DIR } from "../loops/loopRun.js";
import type { LoopState } from "../loops/loopState.js";
import { isReportFile } from "../report/reportFiles.js";
import { CONFIG_FILE, SEED_LOCK_FILE } from "./runSeed.js";
import type { SeedJob } from "./seedPool.js";

export function seedDirectory(jobDir: string, seed: number): string {
  return join(jobDir, `seed-${seed}`);
}

/** A directory from before output markers that holds a run: a config.json naming an agent and an env. */
export function isOlderRunDirectory(dir: string): boolean {
  try {
    const c = JSON.parse(readFileSync(join(dir, CONFIG_FILE), "utf8")) as Record<string, unknown> | null;
    return typeof c?.agent === "string" && typeof c.env === "string";
  } catch {
    return false;
  }
}

/** What a run directory holds: the job's config.json, its seeds, and a report written into it. */
function isRunEntry(name: string): boolean {
  return name === CONFIG_FILE || /^seed-\d+$/.test(name) || isReportFile(name);
}

/**
 * The output-directory rules of a run directory (util/outputDirectory.ts); `config`, once known,
 * names the inputs that --force must not delete with it.
 */
export function runOutputRules(jobDir: string, force?: boolean, config?: TrainConfig): OutputRules {
  return {
    force,
    orElse: `continue it with \`atradiff resume ${jobDir}\``,
    madeByOlderVersion: isOlderRunDirectory,
    ownEntries: isRunEntry,
    inputs: [config?.dataset, config?.generator],
  };
}

/**
 * Writes the job's and every seed's config.json into a new run directory (util/outputDirectory.ts:
 * an existing run is replaced only with force, anything else never). If writing fails, the
 * directory is removed again, so that the same command can be retried.
 */
export function createJob(jobDir: string, config: TrainConfig, opts: { force?: boolean } = {}): SeedJob[] {
  const output = claimOutputDirectory(jobDir, "run", {
    ...runOutputRules(jobDir, opts.force, config),
    beforeReplace: refuseLiveSeeds,
  });
  return startInOutputDirectory(output, () => {
    // The job's config first: it alone makes the directory a run (jobStatus restores seed configs).
    writeFileAtomic(join(jobDir, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
    const jobs = config.seeds.map((seed) => ({ seed, dir: seedDirectory(jobDir, seed) }));
    for (const job of jobs)
      writeFileAtomic(
        join(job.dir, CONFIG_FILE),
        `${JSON.stringify(seedConfig(config, job.seed), null, 2)}\n`,
      );
    return jobs;
  });
}

/** Throws naming the process if another live process is training a seed of `jobDir`. */
function refuseLiveSeeds(jobDir: string): void {
  for (const entry of readdirSync(jobDir).filter((e) => e.startsWith("seed-"))) {
    const owner = lockHolder(join(jobDir, entry, SEED_LOCK_FILE));
    if (owner !== null)
      throw new Error(
        `${join(jobDir, entry)} is being trained by process ${owner}; stop it before replacing the run with --force.`,
      );
  }
}

export function readJobConfig(jobDir: string): TrainConfig {
  const path = join(jobDir, CONFIG_FILE);
  if (!existsSync(path))
    throw new Error(`${jobDir} is not an atradiff run directory: it has no ${CONFIG_FILE}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}).`);
  }
  return parseSettings(trainConfigSchema, raw, (key) => `"${key}" in ${path}`);
}

export interface SeedStatus extends SeedJob {
  /** Step of the latest checkpoint (0 when there is none). */
  step: number;
  finished: boolean;
}

export function seedStatus(job: SeedJob): SeedStatus {
  const latest = new CheckpointStore<LoopState>(join(job.dir, CHECKPOINTS_DIR)).latest();
  return { ...job, step: latest?.state.step ?? 0, finished: latest?.state.finished ?? false };
}

/** Every seed of a job with where its latest checkpoint stands; rewrites a seed's missing config.json. */
export function jobStatus(jobDir: string): { config: TrainConfig; seeds: SeedStatus[] } {
  const config = readJobConfig(jobDir);
  const seeds = config.seeds.map((seed) => {
    const job = { seed, dir: seedDirectory(jobDir, seed) };
    const path = join(job.dir, CONFIG_FILE);
    if (!existsSync(path)) writeFileAtomic(path, `${JSON.stringify(seedConfig(config, seed), null, 2)}\n`);
    return seedStatus(job);
  });
  return { config, seeds };
}
