// Trains a one-length generator (one window diffuser of k steps; no plausibility gate; a short
// length-estimator training) with diffusion.training.matmulPrecision as given, and records the
// diffuser's loss at every step, so that fp32 and bf16 trainings of the same seed can be compared:
// their loss curves here, their simulator fidelity with
//   node bin/atradiff.js diffuser sample --checkpoint <out>/generator --from <dataset> --n 256 \
//     --window-length <k> --fidelity --json
// The denoiser is "flat" (default): SynthER's residual MLP at the issue-18 benchmark size (dim_t
// 128, width 512, 6 blocks; k = 25 is the benchmark's 411 + 11 inputs), or "temporal": the window
// diffusers' default weight-sharing denoiser. Batch 256. Run after `npm run build` (niced, one
// thread, on a shared machine):
//   ATRADIFF_THREADS=1 nice node scripts/bench/matmul-precision-training.mjs <dataset.hdf5> <fp32|bf16> <steps> <out> [k=25] [flat|temporal]
// Writes <out>/generator (resumable: the same command continues it) and <out>/loss.jsonl (one
// object per diffuser step seen by this process: step, loss, and the mean loss of the last 100 steps).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseGeneratorSettings } from "../../dist/src/atradiff/generator/generatorSettings.js";
import { runDiffuserTraining } from "../../dist/src/atradiff/training/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../../dist/src/atradiff/windows/trainingEpisodes.js";
import { readDatasetFile } from "../../dist/src/data/hdf5/readDatasetFile.js";
import { describeMatmulPrecision } from "../../dist/src/engine/matmulPrecision.js";
import { closeEngine, initEngine } from "../../dist/src/engine/runtime.js";
import { fileSha256 } from "../../dist/src/util/fileHash.js";

const [datasetPath, precision, stepsText, out, windowText = "25", denoiser = "flat"] = process.argv.slice(2);
const WINDOW = Number(windowText);
if (
  !out ||
  !["fp32", "bf16"].includes(precision) ||
  !(Number(stepsText) > 0) ||
  !(WINDOW > 0) ||
  !["flat", "temporal"].includes(denoiser)
)
  throw new Error(
    "usage: matmul-precision-training.mjs <dataset.hdf5> <fp32|bf16> <steps> <out> [k=25] [flat|temporal]",
  );
const MEAN_OF = 100;

const settings = parseGeneratorSettings({
  windowLengths: [WINDOW],
  seed: 0,
  estimator: { steps: 500 },
  plausibilityGate: { enabled: false },
  diffusion: {
    denoiser:
      denoiser === "flat"
        ? { architecture: "residualMlp", dimT: 128, width: 512, depth: 6 }
        : { architecture: "temporal" },
    training: { totalSteps: Number(stepsText), batchSize: 256, matmulPrecision: precision },
  },
});
const engine = await initEngine();
console.log(`engine: ${engine.description}; ${describeMatmulPrecision(precision, engine)}`);
const data = trainingEpisodesFromDataset((await readDatasetFile(datasetPath)).dataset);
mkdirSync(out, { recursive: true });

// A progress board that keeps the diffuser's losses instead of drawing them.
const losses = [];
const board = {
  add(label) {
    const diffuser = label === `diffuser k=${WINDOW}`;
    return {
      update(value, info) {
        if (diffuser && info?.loss !== undefined) losses[value - 1] = Number(info.loss);
      },
      finish() {},
    };
  },
  log: (m) => console.log(m),
  stop() {},
};
const t0 = process.cpuUsage();
const { generator } = await runDiffuserTraining({
  data,
  datasetPath,
  datasetSha256: fileSha256(datasetPath),
  settings,
  outDir: join(out, "generator"),
  force: false,
  chunkSteps: 500,
  progress: board,
});
const cpu = process.cpuUsage(t0);
const lines = [];
let sum = 0;
for (let i = 0; i < losses.length; i++) {
  if (losses[i] === undefined) continue;
  sum += losses[i] - (i >= MEAN_OF && losses[i - MEAN_OF] !== undefined ? losses[i - MEAN_OF] : 0);
  lines.push(
    JSON.stringify({ step: i + 1, loss: losses[i], mean100: i >= MEAN_OF - 1 ? sum / MEAN_OF : null }),
  );
}
writeFileSync(join(out, "loss.jsonl"), `${lines.join("\n")}\n`);
console.log(
  `trained in ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s of CPU; ${lines.length} diffuser losses in ${join(out, "loss.jsonl")}`,
);
generator.dispose();
await closeEngine();
