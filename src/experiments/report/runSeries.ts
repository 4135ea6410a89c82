// Reads training runs (runs/<name>/config.json and seed-<s>/metrics.jsonl, written by
// `atradiff train`) into one evaluation series per seed: env steps, evaluation return, D4RL score
// wall-clock and CPU time. The config is read loosely (only env, agent and the augmentation / adaptation
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
  /** CPU seconds of the seed's process for its whole run, or null when its metrics do not count them. */
  cpuSeconds: number | null;
  /** The counted CPU seconds covered only the steps from cpuFromStep on; cpuSeconds extrapolates them. */
  cpuExtrapolated: boolean;
}

/** The method a run stands for: its label, else its agent plus augmentation and adaptation when used. */
export function methodName(config: Record<string, unknown>): string {
  if (typeof config.label === "string" && config.label.trim() !== "") return config.label.trim();
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
  cpuSeconds: number | null;
  cpuExtrapolated: boolean;
} {
  const points: EvalPoint[] = [];
  let lastStep = 0;
  let wallSeconds = 0;
  let cpu: { seconds: number; step: number; fromStep: number } | null = null;
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
    if (typeof r.cpuSeconds === "number" && (cpu === null || r.step >= cpu.step))
      cpu = {
        seconds: r.cpuSeconds,
        step: r.step,
        fromStep: typeof r.cpuFromStep === "number" ? r.cpuFromStep : 0,
      };
    if (typeof r.evalReturnMean === "number") {
      const p: EvalPoint = { step: r.step, evalReturn: r.evalReturnMean };
      if (typeof r.evalScore === "number") p.evalScore = r.evalScore;
      points.push(p);
    }
  });
  return { points, lastStep, wallSeconds, ...cpuForWholeRun(cpu) };
}

/** A run counted from step f on: its CPU seconds per counted step times all its steps. */
function cpuForWholeRun(cpu: { seconds: number; step: number; fromStep: number } | null): {
  cpuSeconds: number | null;
  cpuExtrapolated: boolean;
} {
  if (cpu === null || cpu.step <= cpu.fromStep) return { cpuSeconds: null, cpuExtrapolated: false };
  if (cpu.fromStep === 0) return { cpuSeconds: cpu.seconds, cpuExtrapolated: false };
  return { cpuSeconds: (cpu.seconds * cpu.step) / (cpu.step - cpu.fromStep), cpuExtrapolated: true };
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
    out.push({
      run,
      env: config.env,
      method: methodName(config),
      seed: Number(m[1]),
      ...readMetricsFile(metrics),
    });
  }
  if (out.length === 0) throw new Error(`The run directory ${dir} has no seed-<s>/metrics.jsonl yet.`);
  return out;
}
