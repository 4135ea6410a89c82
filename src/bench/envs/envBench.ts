// `atradiff bench envs`: env steps per second for the MuJoCo tasks, one env on the main thread
// ("single") and a 2-thread VectorEnv's total ("vec2"), the bare MuJoCo loop as a reference, and
// the median time of an 84x84 frame. Compared against the targets for this project (hopper >= 8,000
// and ant >= 2,500 steps/s on one thread, a frame <= 2 ms). Other processes on the machine slow
// every number down; the load average printed with the table says how busy it was.
import { loadavg } from "node:os";
import "../../envs/index.js";
import { renderFrameMs } from "./renderTime.js";
import { measureStepRates, type RateOptions } from "./stepRate.js";

export const BENCH_ENV_IDS = ["hopper", "halfcheetah", "walker2d", "ant", "antmaze-medium"] as const;

/** Steps-per-second targets on one thread. */
const STEP_TARGETS: Record<string, number> = { hopper: 8000, ant: 2500 };
const FRAME_TARGET_MS = 2;

export interface EnvBenchResult {
  stepsPerSec: Record<string, { single: number; vec2: number }>;
  renderMs: Record<string, number>;
  /** The bare MuJoCo loop (ctrl, mj_step x frame skip) per env: on the env's model, and on the
   *  same model with MuJoCo's default options. */
  bareMujocoStepsPerSec: Record<string, { envModel: number; mujocoDefaults: number }>;
  /** The one-thread rates per second of CPU time (much less disturbed by other processes). */
  stepsPerCpuSec: Record<string, { single: number; envModel?: number; mujocoDefaults?: number }>;
}

export interface EnvBenchOptions extends RateOptions {
  ids?: readonly string[];
  /** Called before each measurement, e.g. to show progress. */
  onProgress?: (what: string) => void;
}

export async function measureEnvBench(opts: EnvBenchOptions = {}): Promise<EnvBenchResult> {
  const result: EnvBenchResult = {
    stepsPerSec: {},
    renderMs: {},
    bareMujocoStepsPerSec: {},
    stepsPerCpuSec: {},
  };
  for (const id of opts.ids ?? BENCH_ENV_IDS) {
    opts.onProgress?.(`${id}: one env, 2 threads and the bare MuJoCo loops, interleaved`);
    const rates = await measureStepRates(id, opts);
    result.stepsPerSec[id] = { single: Math.round(rates.single), vec2: Math.round(rates.vec2) };
    result.stepsPerCpuSec[id] = Object.fromEntries(
      Object.entries(rates.perCpuSecond).map(([k, v]) => [k, Math.round(v)]),
    ) as EnvBenchResult["stepsPerCpuSec"][string];
    if (rates.bare)
      result.bareMujocoStepsPerSec[id] = {
        envModel: Math.round(rates.bare.envModel),
        mujocoDefaults: Math.round(rates.bare.mujocoDefaults),
      };
    opts.onProgress?.(`${id}: 84x84 frames`);
    result.renderMs[id] = Math.round((await renderFrameMs(id, opts.seed)) * 1000) / 1000;
  }
  return result;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatEnvBenchTable(r: EnvBenchResult): string {
  const header = [
    "env",
    "single steps/s",
    "vec2 steps/s",
    "vec2/single",
    "bare env model",
    "bare defaults",
    "single/bare def.",
    "single per CPU-s",
    "84x84 frame ms",
  ];
  const widths = [16, 15, 13, 12, 15, 14, 17, 17, 15];
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join("  ");
  const rows = [line(header)];
  for (const [id, s] of Object.entries(r.stepsPerSec)) {
    const frame = r.renderMs[id];
    const bare = r.bareMujocoStepsPerSec[id];
    rows.push(
      line([
        id,
        String(s.single),
        String(s.vec2),
        (s.vec2 / s.single).toFixed(2),
        bare ? String(bare.envModel) : "-",
        bare ? String(bare.mujocoDefaults) : "-",
        bare ? (s.single / bare.mujocoDefaults).toFixed(2) : "-",
        String(r.stepsPerCpuSec[id]?.single ?? "-"),
        frame === undefined ? "-" : frame.toFixed(3),
      ]),
    );
  }
  const checks: string[] = [];
  for (const [id, target] of Object.entries(STEP_TARGETS)) {
    const got = r.stepsPerSec[id]?.single;
    const perCpu = r.stepsPerCpuSec[id]?.single;
    if (got !== undefined)
      checks.push(
        `${id} single ${got} (${perCpu} per CPU-second) vs target >= ${target}: ${got >= target ? "met" : "NOT met"}`,
      );
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
    "single: one env on the main thread, seeded random actions, with resets; vec2: a VectorEnv of 2",
    "envs on 2 threads (the calling thread and one worker), total env steps/s; bare: writing ctrl and",
    "calling mj_step frame-skip times (the env's reset and health rule only at episode ends), on the",
    "env's model and on it with MuJoCo's default options; all measured in interleaved rounds;",
    "per CPU-s: single's steps per second of CPU time (less disturbed by other processes);",
    "frame: median time to ray-cast one 84x84 picture.",
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
