// `atradiff bench envs`: env steps per second for the MuJoCo tasks, one env on the main thread
// ("single") and a 2-worker VectorEnv's total ("vec2"), and the median time of an 84x84 frame.
// Compared against the targets for this project (hopper >= 8,000 and ant >= 2,500 steps/s on one
// thread, a frame <= 2 ms). Other processes on the machine slow every number down; the load
// average printed with the table says how busy it was.
import { loadavg } from "node:os";
import "../index.js";
import { renderFrameMs } from "./renderTime.js";
import { type RateOptions, singleStepsPerSec, vectorStepsPerSec } from "./stepRate.js";

export const BENCH_ENV_IDS = ["hopper", "halfcheetah", "walker2d", "ant", "antmaze-medium"] as const;

/** Steps-per-second targets on one thread. */
const STEP_TARGETS: Record<string, number> = { hopper: 8000, ant: 2500 };
const FRAME_TARGET_MS = 2;

export interface EnvBenchResult {
  stepsPerSec: Record<string, { single: number; vec2: number }>;
  renderMs: Record<string, number>;
}

export interface EnvBenchOptions extends RateOptions {
  ids?: readonly string[];
  /** Called before each measurement, e.g. to show progress. */
  onProgress?: (what: string) => void;
}

export async function measureEnvBench(opts: EnvBenchOptions = {}): Promise<EnvBenchResult> {
  const result: EnvBenchResult = { stepsPerSec: {}, renderMs: {} };
  for (const id of opts.ids ?? BENCH_ENV_IDS) {
    opts.onProgress?.(`${id}: one env`);
    const single = Math.round(await singleStepsPerSec(id, opts));
    opts.onProgress?.(`${id}: 2 workers`);
    const vec2 = Math.round(await vectorStepsPerSec(id, 2, opts));
    result.stepsPerSec[id] = { single, vec2 };
    opts.onProgress?.(`${id}: 84x84 frames`);
    result.renderMs[id] = Math.round((await renderFrameMs(id, opts.seed)) * 1000) / 1000;
  }
  return result;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatEnvBenchTable(r: EnvBenchResult): string {
  const header = ["env", "single steps/s", "vec2 steps/s", "vec2/single", "84x84 frame ms"];
  const widths = [16, 15, 13, 12, 15];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join("  ");
  const rows = [line(header)];
  for (const [id, s] of Object.entries(r.stepsPerSec)) {
    const frame = r.renderMs[id];
    rows.push(
      line([
        id,
        String(s.single),
        String(s.vec2),
        (s.vec2 / s.single).toFixed(2),
        frame === undefined ? "-" : frame.toFixed(3),
      ]),
    );
  }
  const checks: string[] = [];
  for (const [id, target] of Object.entries(STEP_TARGETS)) {
    const got = r.stepsPerSec[id]?.single;
    if (got !== undefined)
      checks.push(`${id} single ${got} vs target >= ${target}: ${got >= target ? "met" : "NOT met"}`);
  }
  const frames = Object.values(r.renderMs);
  if (frames.length > 0) {
    const worst = Math.max(...frames);
    checks.push(
      `slowest frame ${worst.toFixed(3)} ms vs target <= ${FRAME_TARGET_MS} ms: ${worst <= FRAME_TARGET_MS ? "met" : "NOT met"}`,
    );
  }
  const [load1] = loadavg();
  return [
    ...rows,
    "",
    "single: one env on the main thread, seeded random actions, with resets; vec2: a VectorEnv with",
    "2 workers (one env each), total env steps/s; frame: median time to ray-cast one 84x84 picture.",
    ...checks,
    `Load average ${load1.toFixed(2)} at the end: other processes on the machine lower these numbers.`,
  ].join("\n");
}

export async function runEnvBench(opts: { json: boolean }): Promise<void> {
  const result = await measureEnvBench({
    onProgress: opts.json ? undefined : (what) => process.stderr.write(`measuring ${what}...\n`),
  });
  console.log(opts.json ? JSON.stringify(result) : formatEnvBenchTable(result));
}
