// What the plausibility gate's threshold buys (issue 19): trajectories each window diffuser of a
// generator makes from dataset start states (before the gate), cut at several multiples of the
// gate's held-out quantile error; per k and multiple, the share of generated steps kept and the
// simulator next-state / reward NMSE of the kept steps (fidelity/simulatorFidelity.ts).
//   node results/plausibility-gate/threshold-sweep.mjs <generator dir> <dataset file> [starts] [sampler steps]
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const load = (p) => import(pathToFileURL(join(root, "dist", "src", ...p.split("/"))).href);
const [
  { loadGenerator },
  { readDatasetFile },
  { Rng },
  { initEngine },
  { datasetEnvId, makeFidelityEnv },
  { fidelityScales },
  { measureSimulatorFidelity },
  { trajectoriesToBatch },
  { firstSteps },
] = await Promise.all([
  load("atradiff/generator/generatorCheckpoint.js"),
  load("data/hdf5/readDatasetFile.js"),
  load("engine/rng.js"),
  load("engine/runtime.js"),
  load("atradiff/fidelity/fidelityEnv.js"),
  load("atradiff/fidelity/fidelityScales.js"),
  load("atradiff/fidelity/simulatorFidelity.js"),
  load("atradiff/fidelity/transitionBatches.js"),
  load("atradiff/windows/trajectory.js"),
]);
const [dir, datasetFile, startsArg = "256", stepsArg = "32"] = process.argv.slice(2);
if (!dir || !datasetFile) {
  console.error("usage: node results/plausibility-gate/threshold-sweep.mjs <generator dir> <dataset file> [starts] [sampler steps]");
  process.exit(1);
}
await initEngine({ threads: 1 });
const g = loadGenerator(dir);
if (!g.gate) throw new Error(`The generator in ${dir} has no plausibility gate.`);
const { dataset } = await readDatasetFile(datasetFile);
const env = await makeFidelityEnv(datasetEnvId(dataset), dataset.obsDim);
const scales = fidelityScales(dataset);
const rng = new Rng(1);
const n = Number(startsArg);
const o = dataset.obsDim;
const starts = new Float32Array(n * o);
for (let i = 0; i < n; i++) {
  const r = rng.int(dataset.size);
  starts.set(dataset.observations.subarray(r * o, (r + 1) * o), i * o);
}
const quantileError = g.gate.calibration.quantileError;
const multiples = [1, 2, 5, 10, 20, 50, Number.POSITIVE_INFINITY];
console.log(`gate: 0.99 quantile of held-out errors ${quantileError.toPrecision(3)}; ${n} starts, ${stepsArg} sampler steps`);
console.log("| k | threshold (x quantile) | kept share | next-state NMSE of kept | reward NMSE of kept |");
console.log("|---|---|---|---|---|");
for (const k of g.windowLengths) {
  const ts = g.generateWithWindowLength(k, starts, { rng, steps: Number(stepsArg), gate: false });
  const total = ts.reduce((s, t) => s + t.size, 0);
  for (const m of multiples) {
    g.gate.calibration.threshold = quantileError * m;
    const kept = g.gateKeptLengths(ts).map((l, i) => firstSteps(ts[i], l));
    const steps = kept.reduce((s, t) => s + t.size, 0);
    const f = steps > 0 ? measureSimulatorFidelity(env, trajectoriesToBatch(kept, o, dataset.actDim), scales) : null;
    const fmt = (v) => (v === undefined ? "-" : v.toFixed(3));
    console.log(
      `| ${k} | ${Number.isFinite(m) ? m : "no gate"} | ${(steps / total).toFixed(3)} | ${fmt(f?.stateNmse)} | ${fmt(f?.rewardNmse)} |`,
    );
  }
}
env.close();
g.dispose();
