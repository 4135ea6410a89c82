// Measures how long loading a large D4RL-layout file takes and how much memory it needs, against
// the size of the arrays it produces (datasetLoadMeasure.ts), with reading the same columns through
// h5wasm's `dataset.value` as the reference. By default a 2M-step file with the columns of D4RL's
// hopper files.
//
//   node dist/src/bench/data/datasetLoadBench.js [--steps 2000000] [--obs 11] [--act 3] [--qpos 6] [--qvel 6] [--no-next]
//   node dist/src/bench/data/datasetLoadBench.js --file some.hdf5     (measure an existing file)
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  HOPPER_SHAPE,
  measureLoadInChild,
  peakGrowth,
  writeSyntheticD4rlFile,
} from "./datasetLoadMeasure.js";

const MB = 1024 * 1024;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${args[i + 1]}.`);
  return n;
}

async function main(args: string[]): Promise<void> {
  const given = args.includes("--file") ? args[args.indexOf("--file") + 1] : null;
  const dir = given ? null : mkdtempSync(join(tmpdir(), "atradiff-load-bench-"));
  try {
    let path = given;
    if (!path) {
      const shape = {
        steps: option(args, "--steps", 2_000_000),
        obsDim: option(args, "--obs", HOPPER_SHAPE.obsDim),
        actDim: option(args, "--act", HOPPER_SHAPE.actDim),
        withNext: !args.includes("--no-next"),
        qposDim: option(args, "--qpos", HOPPER_SHAPE.qposDim),
        qvelDim: option(args, "--qvel", HOPPER_SHAPE.qvelDim),
      };
      path = join(dir!, "synthetic.hdf5");
      const t0 = performance.now();
      await writeSyntheticD4rlFile(path, shape);
      console.log(
        `wrote          ${JSON.stringify(shape)} in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
      );
    }
    console.log(`file           ${path} (${(statSync(path).size / MB).toFixed(1)} MB)`);
    const ours = measureLoadInChild(path);
    console.log(`steps          ${ours.steps} in ${ours.episodes} episodes`);
    console.log(`arrays         ${(ours.arrayBytes / MB).toFixed(1)} MB`);
    for (const r of [ours, measureLoadInChild(path, "h5wasm-value")]) {
      const grown = peakGrowth(r);
      console.log(
        `${r.method.padEnd(16)} load ${r.seconds.toFixed(2)} s, RSS ${(r.baselineRssBytes / MB).toFixed(1)} MB before, ${(r.peakRssBytes / MB).toFixed(1)} MB peak: grew ${(grown.bytes / MB).toFixed(1)} MB = ${grown.ofArrays.toFixed(2)} x the arrays`,
      );
    }
    console.log("(2.00 x the arrays would be a doubled copy)");
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
