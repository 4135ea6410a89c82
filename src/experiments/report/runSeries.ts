// Reads training runs (runs/<name>/config.json and seed-<s>/metrics.jsonl, written by
// `atradiff train`) into one evaluation series per seed: env steps, evaluation return, D4RL score
// and wall-clock time. The config is read loosely (only env, agent and the augmentation / adaptation
// choices name the method) so that runs from older or newer versions still report.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export interface EvalPoint {
  step: number;
  evalReturn: number;
  /** D4RL-normalized score, when the env family has reference returns. */
  evalScore?: number;
}

export interface SeedSeries {
  /** The run directory's name. */
  run: string;
  env: string;
  /** Agent and augmentation, e.g. "sac + atradiff" (see methodName). */
  method: string;
  seed: number;
  points: EvalPoint[];
  /** Last logged step and training time in seconds (summed over resumed sessions). */
  lastStep: number;
  wallSeconds: number;
}

/** The method a run stands for: its agent, plus augmentation and adaptation when used. */
export function methodName(config: Record<string, unknown>): string {
  const parts = [String(config.agent ?? "agent")];
  for (const key of ["augment", "adapt"]) {
    const v = config[key];
    if (typeof v === "string" && v !== "none") parts.push(v);
    else if (v && typeof v === "object" && typeof (v as { kind?: unknown }).kind === "string")
      parts.push(String((v as { kind: string }).kind));
  }
  return parts.join(" + ");
}

function readJson(path: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}).`);
  }
  throw new Error(`${path} does not hold a JSON object.`);
}

/** The evaluation points and timing of one metrics.jsonl (lines without an evaluation are skipped). */
export function readMetricsFile(path: string): {
  points: EvalPoint[];
  lastStep: number;
  wallSeconds: number;
} {
  const points: EvalPoint[] = [];
  let lastStep = 0;
  let wallSeconds = 0;
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // A run killed mid-write may leave half a last line; anywhere else it is damage.
      if (i === lines.length - 1) return;
      throw new Error(`Line ${i + 1} of ${path} is not valid JSON.`);
    }
    if (typeof r.step !== "number") throw new Error(`Line ${i + 1} of ${path} has no numeric "step".`);
    lastStep = Math.max(lastStep, r.step);
    if (typeof r.wallSeconds === "number") wallSeconds = Math.max(wallSeconds, r.wallSeconds);
    if (typeof r.evalReturnMean === "number") {
      const p: EvalPoint = { step: r.step, evalReturn: r.evalReturnMean };
      if (typeof r.evalScore === "number") p.evalScore = r.evalScore;
      points.push(p);
    }
  });
  return { points, lastStep, wallSeconds };
}

/** Every seed of run directory `dir` that has a metrics file. */
export function readRun(dir: string): SeedSeries[] {
  const configPath = join(dir, "config.json");
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`The run directory ${dir} does not exist.`);
  if (!existsSync(configPath))
    throw new Error(`${dir} is not an atradiff run directory: it has no config.json.`);
  const config = readJson(configPath);
  if (typeof config.env !== "string") throw new Error(`${configPath} does not name an env.`);
  const run = basename(resolve(dir));
  const out: SeedSeries[] = [];
  for (const name of readdirSync(dir).sort()) {
    const m = /^seed-(\d+)$/.exec(name);
    const metrics = join(dir, name, "metrics.jsonl");
    if (!m || !existsSync(metrics)) continue;
    const { points, lastStep, wallSeconds } = readMetricsFile(metrics);
    out.push({
      run,
      env: config.env,
      method: methodName(config),
      seed: Number(m[1]),
      points,
      lastStep,
      wallSeconds,
    });
  }
  if (out.length === 0) throw new Error(`The run directory ${dir} has no seed-<s>/metrics.jsonl yet.`);
  return out;
}
