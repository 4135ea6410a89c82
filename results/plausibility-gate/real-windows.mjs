// How much of real data a generator's plausibility gate keeps (issue 19): real windows of k steps,
// each from a random step of the dataset (cut short at its episode's end), are judged by the gate as
// generated ones are; prints, per k, the share of their steps kept and of windows kept whole.
//   node results/plausibility-gate/real-windows.mjs <generator dir> <dataset file> [windows per k]
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const load = (p) => import(pathToFileURL(join(root, "dist", "src", ...p.split("/"))).href);
const [{ loadGenerator }, { readDatasetFile }, { trainingEpisodesFromDataset }, { Rng }, { initEngine }] =
  await Promise.all([
    load("atradiff/generator/generatorCheckpoint.js"),
    load("data/hdf5/readDatasetFile.js"),
    load("atradiff/windows/trainingEpisodes.js"),
    load("engine/rng.js"),
    load("engine/runtime.js"),
  ]);
const [dir, datasetFile, perK = "512"] = process.argv.slice(2);
if (!dir || !datasetFile) {
  console.error("usage: node results/plausibility-gate/real-windows.mjs <generator dir> <dataset file> [windows per k]");
  process.exit(1);
}
await initEngine({ threads: 1 });
const generator = loadGenerator(dir);
if (!generator.gate) {
  console.error(`The generator in ${dir} has no plausibility gate.`);
  process.exit(1);
}
const data = trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset);
const { obsDim: o, actDim: a } = data;
const rng = new Rng(1);
console.log(`gate calibration: ${JSON.stringify(generator.gate.calibration)}`);
for (const k of generator.windowLengths) {
  const windows = [];
  for (let w = 0; w < Number(perK); w++) {
    const e = data.episodes[rng.int(data.episodes.length)];
    const start = rng.int(e.length);
    const size = Math.min(k, e.length - start);
    const next = new Float32Array(size * o);
    for (let j = 0; j < size; j++) {
      const t = start + j + 1;
      next.set(t < e.length ? e.observations.subarray(t * o, (t + 1) * o) : e.finalObservation, j * o);
    }
    windows.push({
      size,
      obsDim: o,
      actDim: a,
      obs: e.observations.slice(start * o, (start + size) * o),
      action: e.actions.slice(start * a, (start + size) * a),
      reward: e.rewards.slice(start, start + size),
      nextObs: next,
      terminal: new Float32Array(size),
    });
  }
  const kept = generator.gateKeptLengths(windows);
  const steps = windows.reduce((n, t) => n + t.size, 0);
  const keptSteps = kept.reduce((n, l) => n + l, 0);
  const whole = kept.filter((l, i) => l === windows[i].size).length;
  console.log(
    `k=${k}: kept ${((100 * keptSteps) / steps).toFixed(1)}% of ${steps} real steps; ${((100 * whole) / windows.length).toFixed(1)}% of ${windows.length} windows whole`,
  );
}
generator.dispose();
