// Measures how long loading a large D4RL-layout file takes and how much memory it needs, against
// the size of the arrays it produces. The load runs in a fresh child process so that its peak
// resident set size (maxRSS) is the load's alone.
//
//   node dist/src/data/bench/datasetLoadBench.js [--steps 2000000] [--obs 17] [--act 6] [--no-next]
//   node dist/src/data/bench/datasetLoadBench.js --file some.hdf5     (measure an existing file)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../../engine/rng.js";
import { makeDataset } from "../dataset.js";
import { writeDatasetFile } from "../hdf5/d4rlWriter.js";
import { loadH5 } from "../hdf5/h5Library.js";
import { readDatasetFile } from "../hdf5/readDatasetFile.js";

const MB = 1024 * 1024;

interface ChildResult {
  seconds: number;
  arrayBytes: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  steps: number;
  episodes: number;
}

async function measureLoad(path: string): Promise<ChildResult> {
  await loadH5();
  const baselineRssBytes = process.memoryUsage().rss;
  const t0 = performance.now();
  const { dataset } = await readDatasetFile(path);
  const seconds = (performance.now() - t0) / 1000;
  const arrays = [
    dataset.observations,
    dataset.actions,
    dataset.rewards,
    dataset.terminals,
    dataset.timeouts,
    dataset.nextObservations,
    dataset.qpos?.values,
    dataset.qvel?.values,
  ];
  const arrayBytes = arrays.reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);
  return {
    seconds,
    arrayBytes,
    baselineRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    steps: dataset.size,
    episodes: dataset.episodeOffsets.length - 1,
  };
}

async function writeSynthetic(
  path: string,
  steps: number,
  obsDim: number,
  actDim: number,
  withNext: boolean,
): Promise<void> {
  const rng = new Rng(0);
  const terminals = new Uint8Array(steps);
  const timeouts = new Uint8Array(steps);
  for (let i = 999; i < steps; i += 1000) timeouts[i] = 1; // 1000-step time limit, as in D4RL
  const dataset = makeDataset({
    obsDim,
    actDim,
    observations: rng.fillUniform(new Float32Array(steps * obsDim), -1, 1) as Float32Array,
    actions: rng.fillUniform(new Float32Array(steps * actDim), -1, 1) as Float32Array,
    rewards: rng.fillUniform(new Float32Array(steps), 0, 4) as Float32Array,
    terminals,
    timeouts,
    nextObservations: withNext
      ? (rng.fillUniform(new Float32Array(steps * obsDim), -1, 1) as Float32Array)
      : null,
    metadata: { env_name: "synthetic-bench" },
  });
  await writeDatasetFile(path, dataset);
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

async function main(args: string[]): Promise<void> {
  if (args[0] === "--child") {
    console.log(JSON.stringify(await measureLoad(args[1])));
    return;
  }
  const given = args.includes("--file") ? args[args.indexOf("--file") + 1] : null;
  const dir = given ? null : mkdtempSync(join(tmpdir(), "atradiff-load-bench-"));
  try {
    let path = given;
    if (!path) {
      const steps = option(args, "--steps", 2_000_000);
      const obs = option(args, "--obs", 17);
      const act = option(args, "--act", 6);
      path = join(dir!, "synthetic.hdf5");
      const t0 = performance.now();
      await writeSynthetic(path, steps, obs, act, !args.includes("--no-next"));
      console.log(
        `wrote ${steps} x ${obs} (actions ${act}) in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
      );
    }
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", path], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`The load child failed: ${child.stderr.trim()}`);
    const r = JSON.parse(child.stdout) as ChildResult;
    const grown = r.peakRssBytes - r.baselineRssBytes;
    console.log(`file           ${path} (${(statSync(path).size / MB).toFixed(1)} MB)`);
    console.log(`steps          ${r.steps} in ${r.episodes} episodes`);
    console.log(`load time      ${r.seconds.toFixed(2)} s`);
    console.log(`arrays         ${(r.arrayBytes / MB).toFixed(1)} MB`);
    console.log(
      `RSS            ${(r.baselineRssBytes / MB).toFixed(1)} MB before loading, ${(r.peakRssBytes / MB).toFixed(1)} MB peak`,
    );
    console.log(
      `peak growth    ${(grown / MB).toFixed(1)} MB = ${(grown / r.arrayBytes).toFixed(2)} x the arrays (2.00 would be a doubled copy)`,
    );
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
