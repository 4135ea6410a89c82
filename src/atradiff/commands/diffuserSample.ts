// `atradiff diffuser sample`: trajectories from a trained generator, started at states drawn from a
// dataset with the seed; prints their statistics, and optionally their simulator fidelity, writes
// them (JSON or HDF5) and draws them next to the real continuation (PNG).
import { resolveDataset } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { Rng } from "../../engine/rng.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { encodePng } from "../../envs/render/png.js";
import { assertWritable, writeOutputFile } from "../../envs/render/writeOutputFile.js";
import { checkMemoryBudget } from "../../util/memoryBudget.js";
import { datasetEnvId, makeFidelityEnv } from "../fidelity/fidelityEnv.js";
import { loadGenerator } from "../generator/generatorCheckpoint.js";
import { firstSteps } from "../windows/trajectory.js";
import { renderComparison } from "./renderComparison.js";
import * as run from "./sampleReport.js";

export interface DiffuserSampleOptions {
  checkpoint: string;
  from: string;
  n: number;
  steps?: number;
  seed: number;
  out?: string;
  render?: string;
  renderRows: number;
  env?: string;
  windowLength?: number;
  fidelity?: boolean;
  json?: boolean;
  force?: boolean;
}

export async function diffuserSample(opts: DiffuserSampleOptions): Promise<void> {
  const { n, steps, seed, renderRows, windowLength } = opts;
  if (opts.out !== undefined) {
    if (!/\.(json|hdf5)$/.test(opts.out))
      throw new Error(`--out must end in .json or .hdf5, got ${opts.out}.`);
    assertWritable(opts.out, opts.force);
  }
  if (opts.render !== undefined) {
    if (!opts.render.endsWith(".png")) throw new Error(`--render must name a .png file, got ${opts.render}.`);
    assertWritable(opts.render, opts.force);
  }
  if (opts.env !== undefined && !opts.render && !opts.fidelity)
    throw new Error("--env applies only with --render or --fidelity, which replay in that env.");
  const dataset = (await readDatasetFile(resolveDataset(opts.from))).dataset;
  await initEngine();
  try {
    const generator = loadGenerator(opts.checkpoint);
    const { obsDim, actDim } = generator.layout;
    try {
      checkMemoryBudget(
        `${n} trajectories of up to ${generator.settings.windowLengths.at(-1)} steps`,
        run.trajectoryBytes(n, generator.settings.windowLengths.at(-1)!, obsDim, actDim),
        "--n",
      );
    } catch (err) {
      generator.dispose();
      throw err;
    }
    if (obsDim !== dataset.obsDim || actDim !== dataset.actDim) {
      generator.dispose();
      throw new Error(
        `The generator makes states of ${obsDim} and actions of ${actDim} values, the dataset ${opts.from} has ${dataset.obsDim} and ${dataset.actDim}.`,
      );
    }
    if (opts.render || opts.fidelity) {
      // The env is checked before minutes of sampling, not after.
      try {
        (await makeFidelityEnv(datasetEnvId(dataset, opts.env), dataset.obsDim)).close();
      } catch (err) {
        generator.dispose();
        throw err;
      }
    }
    const rng = new Rng(seed);
    const startRows = run.drawStartRows(dataset, n, rng);
    const t0 = performance.now();
    const starts = run.startStatesOf(dataset, startRows);
    // Generated before the gate, then cut as generate cuts (the same draws): both can be measured.
    const generated =
      windowLength === undefined
        ? generator.generate(starts, { rng, steps, gate: false })
        : generator.generateWithWindowLength(windowLength, starts, { rng, steps, gate: false });
    const kept = generator.gateKeptLengths(generated);
    const ts = generated.map((t, i) => firstSteps(t, kept[i]));
    const seconds = (performance.now() - t0) / 1000;
    const gated = generator.gate !== null;
    generator.dispose();
    const stats = run.sampleStatistics(ts);
    const sampler = steps ?? generator.settings.diffusion.edm.sampleSteps;
    // With every step cut by the gate there is nothing to replay (fidelity stays undefined).
    const fidelity =
      opts.fidelity && stats.keptSteps > 0 ? await run.sampleFidelity(ts, dataset, opts.env) : undefined;
    const fidelityBeforeGate =
      opts.fidelity && gated ? await run.sampleFidelity(generated, dataset, opts.env) : undefined;
    if (opts.json)
      console.log(JSON.stringify({ ...stats, samplerSteps: sampler, seconds, fidelity, fidelityBeforeGate }));
    else {
      console.log(
        `generated ${n} trajectories in ${seconds.toFixed(2)} s (${(n / seconds).toFixed(1)}/s, ${sampler} sampler steps)`,
      );
      console.log(
        `length       mean ${stats.meanLength.toFixed(2)}, estimated ${stats.meanEstimatedLength.toFixed(2)}`,
      );
      console.log(
        `lengths      ${Object.entries(stats.lengths)
          .map(([l, c]) => `${l}:${c}`)
          .join(" ")}`,
      );
      console.log(
        `diffusers    ${Object.entries(stats.windowLengths)
          .map(([k, c]) => `k=${k}:${c}`)
          .join(" ")}`,
      );
      console.log(
        `terminal     ${(100 * stats.terminalFraction).toFixed(1)}% of trajectories end in a terminal step`,
      );
      console.log(`reward       ${stats.meanReward.toFixed(3)} per step`);
      console.log(run.describeGeneration(stats, gated));
      if (fidelity) console.log(run.describeFidelity(fidelity, fidelityBeforeGate));
      else if (opts.fidelity)
        console.log("fidelity     nothing to replay: the plausibility gate kept no generated step");
    }
    if (opts.out) {
      await run.writeTrajectories(opts.out, ts, startRows, Boolean(opts.force));
      console.log(`wrote ${opts.out}`);
    }
    if (opts.render) {
      const env = await makeFidelityEnv(datasetEnvId(dataset, opts.env), dataset.obsDim);
      try {
        // The windows as generated: a trajectory the gate emptied still shows what was made.
        const image = renderComparison(env, generated, dataset, startRows, {
          rows: renderRows,
          frames: 8,
          size: 96,
        });
        writeOutputFile(opts.render, encodePng(image), { force: opts.force });
      } finally {
        env.close();
      }
      console.log(
        `wrote ${opts.render} (rows in pairs: generated, then the real continuation of the same start state)`,
      );
    }
  } finally {
    await closeEngine();
  }
}
