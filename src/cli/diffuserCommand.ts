// `atradiff diffuser train | sample | export | calibrate`: the ATraDiff generator (§4.1) from the command line.
// train is resumable (atradiff/generatorTrainingRun.ts); sample draws start states from a dataset with the seed.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { MAX_SAMPLER_STEPS, MAX_SEED, MAX_WIDTH } from "../agents/settingTypes.js";
import { type GeneratorSettingsInput, MAX_WINDOW_LENGTH } from "../atradiff/generatorSettings.js";
import { checkMemoryBudget } from "../util/memoryBudget.js";
import { intList, nonNegativeInt, optionalInt, positiveInt } from "./intOptions.js";

/** --task-prompt none | onehot | <file.json holding {"embeddings": [[...], ...]}> */
function taskPrompt(text: string): GeneratorSettingsInput["prompt"] {
  if (text === "none") return { kind: "none" };
  // One dataset is one task: id 0 of a one-hot prompt over one task.
  if (text === "onehot") return { kind: "oneHot", taskCount: 1 };
  if (!existsSync(text))
    throw new Error(
      `--task-prompt must be none, onehot or a JSON file of embeddings; ${text} does not exist.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(text, "utf8"));
  } catch {
    throw new Error(`The task-prompt file ${text} is not valid JSON.`);
  }
  const embeddings = (parsed as { embeddings?: unknown })?.embeddings;
  return { kind: "embedding", embeddings: embeddings as number[][] };
}

function settingsJson(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let source = text;
  if (existsSync(text)) {
    if (!statSync(text).isFile()) throw new Error(`--settings ${text} is a directory, not a JSON file.`);
    source = readFileSync(text, "utf8");
  }
  try {
    const v = JSON.parse(source) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {}
  throw new Error("--settings must be a JSON object of generator settings, or a file holding one.");
}

interface TrainOptions {
  dataset: string;
  out: string;
  lengths?: string;
  single?: boolean;
  taskPrompt?: string;
  steps?: string;
  estimatorSteps?: string;
  gate?: boolean;
  gateSteps?: string;
  width?: string;
  seed?: string;
  settings?: string;
  saveEvery: string;
  force?: boolean;
}

/**
 * The denoiser settings with --width applied to the denoiser they choose: the temporal denoiser's
 * width per step (the window diffusers' default architecture), or the residual MLP's width.
 */
function withDenoiserWidth(
  denoiser: Record<string, unknown>,
  width: string | undefined,
): Record<string, unknown> {
  if (!width) return denoiser;
  const w = positiveInt("--width", width, MAX_WIDTH);
  if (denoiser.architecture === "residualMlp") return { ...denoiser, width: w };
  return { ...denoiser, temporal: { ...(denoiser.temporal as object | undefined), width: w } };
}

async function train(opts: TrainOptions): Promise<void> {
  const base = settingsJson(opts.settings) as GeneratorSettingsInput & Record<string, unknown>;
  const diffusion = (base.diffusion ?? {}) as Record<string, Record<string, unknown>>;
  // Flags that were given win over --settings; the others leave its values (or the defaults).
  const input: GeneratorSettingsInput = {
    ...base,
    ...(opts.lengths !== undefined ? { windowLengths: intList("--lengths", opts.lengths) } : {}),
    ...(opts.single ? { mode: "single" as const } : {}),
    ...(opts.taskPrompt !== undefined ? { prompt: taskPrompt(opts.taskPrompt) } : {}),
    ...(opts.seed !== undefined ? { seed: nonNegativeInt("--seed", opts.seed, MAX_SEED) } : {}),
    diffusion: {
      ...diffusion,
      denoiser: withDenoiserWidth(diffusion.denoiser ?? {}, opts.width),
      training: {
        ...diffusion.training,
        ...(opts.steps !== undefined ? { totalSteps: positiveInt("--steps", opts.steps) } : {}),
      },
    },
    estimator: {
      ...(base.estimator as object),
      ...(opts.estimatorSteps !== undefined
        ? { steps: positiveInt("--estimator-steps", opts.estimatorSteps) }
        : {}),
    },
    plausibilityGate: {
      ...(base.plausibilityGate as object),
      ...(opts.gate === false ? { enabled: false } : {}),
      ...(opts.gateSteps ? { steps: positiveInt("--gate-steps", opts.gateSteps) } : {}),
    },
  };
  const chunkSteps = positiveInt("--save-every", opts.saveEvery);
  const { parseGeneratorSettings } = await import("../atradiff/generatorSettings.js");
  const settings = parseGeneratorSettings(input);
  const { resolveDataset } = await import("../data/dataDirectory.js");
  const { readDatasetFile } = await import("../data/hdf5/readDatasetFile.js");
  const { trainingEpisodesFromDataset } = await import("../atradiff/trainingEpisodes.js");
  const path = resolveDataset(opts.dataset);
  const data = trainingEpisodesFromDataset((await readDatasetFile(path)).dataset);
  const { initEngine, closeEngine } = await import("../engine/runtime.js");
  const { GENERATOR_STOPPING, GeneratorTrainingStopped, runDiffuserTraining } = await import(
    "../atradiff/generatorTrainingRun.js"
  );
  const { listenForInterrupts } = await import("../experiments/interrupts.js");
  const { fileSha256 } = await import("../util/fileHash.js");
  const { ProgressBoard } = await import("../util/progress.js");
  const engine = await initEngine();
  console.log(`engine: ${engine.description}`);
  const precision = settings.diffusion.training.matmulPrecision;
  if (precision !== "fp32") {
    const { describeMatmulPrecision } = await import("../engine/matmulPrecision.js");
    console.log(describeMatmulPrecision(precision, engine));
  }
  const t0 = performance.now();
  const board = new ProgressBoard();
  const interrupts = listenForInterrupts((m) => board.log(m), GENERATOR_STOPPING);
  try {
    const trained = await runDiffuserTraining({
      data,
      datasetPath: path,
      datasetSha256: fileSha256(path),
      settings,
      outDir: opts.out,
      force: Boolean(opts.force),
      chunkSteps,
      progress: board,
      signal: interrupts.graceful,
    }).catch((err: unknown) => {
      if (!(err instanceof GeneratorTrainingStopped)) throw err;
      board.stop();
      console.error(
        `Stopped in ${err.dir}: ${err.saved}; run the same command (without --force) to continue.`,
      );
      process.exitCode = 130;
      return null;
    });
    if (!trained) return;
    board.stop();
    const { generator, resumed } = trained;
    const { describeCalibration } = await import("../atradiff/generatorRecalibration.js");
    console.log(
      `${resumed ? "continued and finished" : "trained"} ${generator.diffusers.length} diffuser(s) (${settings.mode}, lengths ${settings.windowLengths.join(",")}) on ${data.episodes.length} episodes of ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log("pruning thresholds:");
    for (const [k, c] of generator.prunerCalibration)
      console.log(`  ${describeCalibration(k, c, generator.prunerThresholds.get(k)!)}`);
    const gate = generator.gate?.calibration;
    console.log(
      gate
        ? `plausibility gate: threshold ${gate.threshold.toPrecision(3)} (the ${settings.plausibilityGate.thresholdQuantile} quantile of the error of ${gate.heldOutTransitions} held-out real transitions, times ${settings.plausibilityGate.thresholdScale}; their median ${gate.heldOutMedianError.toPrecision(3)})`
        : "plausibility gate: off",
    );
    console.log(`saved the generator to ${opts.out}`);
    generator.dispose();
  } finally {
    interrupts.dispose();
    board.stop();
    await closeEngine();
  }
}

interface SampleOptions {
  checkpoint: string;
  from: string;
  n: string;
  steps?: string;
  seed: string;
  out?: string;
  render?: string;
  renderRows: string;
  env?: string;
  windowLength?: string;
  fidelity?: boolean;
  json?: boolean;
  force?: boolean;
}

async function sample(opts: SampleOptions): Promise<void> {
  const n = positiveInt("--n", opts.n);
  const steps = optionalInt("--steps", opts.steps, { max: MAX_SAMPLER_STEPS });
  const seed = nonNegativeInt("--seed", opts.seed, MAX_SEED);
  const { assertWritable } = await import("../envs/render/writeOutputFile.js");
  if (opts.out !== undefined) {
    if (!/\.(json|hdf5)$/.test(opts.out))
      throw new Error(`--out must end in .json or .hdf5, got ${opts.out}.`);
    assertWritable(opts.out, opts.force);
  }
  if (opts.render !== undefined) {
    if (!opts.render.endsWith(".png")) throw new Error(`--render must name a .png file, got ${opts.render}.`);
    assertWritable(opts.render, opts.force);
  }
  const renderRows = positiveInt("--render-rows", opts.renderRows);
  if (opts.env !== undefined && !opts.render && !opts.fidelity)
    throw new Error("--env applies only with --render or --fidelity, which replay in that env.");
  const windowLength =
    opts.windowLength === undefined
      ? undefined
      : positiveInt("--window-length", opts.windowLength, MAX_WINDOW_LENGTH);
  const { resolveDataset } = await import("../data/dataDirectory.js");
  const { readDatasetFile } = await import("../data/hdf5/readDatasetFile.js");
  const { loadGenerator } = await import("../atradiff/generatorCheckpoint.js");
  const { firstSteps } = await import("../atradiff/trajectory.js");
  const { Rng } = await import("../engine/rng.js");
  const run = await import("./diffuserSampleRun.js");
  const { initEngine, closeEngine } = await import("../engine/runtime.js");
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
      const { datasetEnvId, makeFidelityEnv } = await import("../atradiff/fidelity/fidelityEnv.js");
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
      const { datasetEnvId, makeFidelityEnv } = await import("../atradiff/fidelity/fidelityEnv.js");
      const { renderComparison } = await import("./diffuserRender.js");
      const { encodePng } = await import("../envs/render/png.js");
      const { writeOutputFile } = await import("../envs/render/writeOutputFile.js");
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

export function registerDiffuserCommand(program: Command): void {
  const diffuser = program
    .command("diffuser")
    .description("the ATraDiff trajectory generator: train, sample, export, calibrate");
  diffuser
    .command("train")
    .description(
      "train the window diffusers, length estimator and pruner on a dataset (resumable: rerun to continue)",
    )
    .requiredOption("--dataset <file|name>", "an HDF5 dataset file, or a dataset name in the data directory")
    .requiredOption("--out <dir>", "the generator directory (a partial training there is continued)")
    .option("--lengths <list>", "window lengths k of the diffusers (default 5,10,15,20,25)")
    .option("--single", "one length-conditioned diffuser for the largest k, then pruning")
    .option("--task-prompt <kind>", 'none, onehot, or a JSON file {"embeddings": [[...]]} (default none)')
    .option("--steps <n>", "training steps per diffuser (default 100000)")
    .option("--estimator-steps <n>", "training steps of the length estimator (default 10000)")
    .option("--no-gate", "no plausibility gate (the paper exactly)")
    .option("--gate-steps <n>", "training steps of the plausibility gate's models (default 3000)")
    .option(
      "--width <w>",
      'width of the denoiser: per step for the temporal denoiser (default 128), of the residual MLP with --settings \'{"diffusion":{"denoiser":{"architecture":"residualMlp"}}}\' (default 2048)',
    )
    .option("--seed <s>", "seed of weights, noise and batch order (default 0)")
    .option("--settings <json|file>", "further generator settings (generatorSettings.ts); flags given win")
    .option("--save-every <n>", "diffuser steps between saves of the partial training", "1000")
    .option("--force", "start over, replacing a generator or partial training in --out")
    .action(train);
  diffuser
    .command("sample")
    .description("generate trajectories from start states drawn from a dataset; print lengths and statistics")
    .requiredOption("--checkpoint <dir>", "a generator directory written by `diffuser train`")
    .requiredOption("--from <file|name>", "the dataset whose states start the trajectories")
    .requiredOption("--n <count>", "number of trajectories")
    .option("--steps <n>", "sampler steps, e.g. 128, 32 or 16 (default: the generator's setting)")
    .option("--seed <s>", "seed of the start states and the sampler", "0")
    .option("--out <file>", "write the trajectories (.json, or .hdf5 in the D4RL layout)")
    .option(
      "--render <file.png>",
      "draw generated trajectories next to the real ones (hopper, walker2d, halfcheetah)",
    )
    .option("--render-rows <n>", "trajectories drawn by --render", "3")
    .option(
      "--window-length <k>",
      "generate with the diffuser of windows of k steps, whatever the length estimator says",
    )
    .option(
      "--fidelity",
      "replay the generated transitions in the simulator: next-state and reward errors, normalized by the dataset's std (hopper, walker2d, halfcheetah)",
    )
    .option("--env <id>", "the env of the dataset for --render and --fidelity (default: its metadata)")
    .option("--json", "print the statistics as one JSON object")
    .option("--force", "overwrite existing output files")
    .action(sample);
  diffuser
    .command("export")
    .description(
      "write a trained generator for sampling only: EMA weights without training weights and optimizer moments (~1/4 the size)",
    )
    .requiredOption("--checkpoint <dir>", "a generator directory written by `diffuser train`")
    .requiredOption("--out <dir>", "the directory of the sampling-only generator")
    .option("--force", "replace a generator in --out")
    .action(async (o: { checkpoint: string; out: string; force?: boolean }) => {
      const { exportGenerator } = await import("./diffuserExport.js");
      await exportGenerator(o);
    });
  diffuser
    .command("calibrate")
    .description(
      "calibrate the pruner's thresholds of a trained generator again on a dataset (diffusers and estimator unchanged)",
    )
    .requiredOption("--checkpoint <dir>", "a generator directory written by `diffuser train`")
    .requiredOption("--dataset <file|name>", "the dataset whose windows calibrate the thresholds")
    .option("--on <windows>", "generated or real windows (default: the generator's setting)")
    .option(
      "--max-generated-error <e>",
      "balanced error above which generated windows are not trusted and real ones are used (default 0.25)",
    )
    .option("--windows <n>", "start states of each kind per window length (default: the generator's setting)")
    .option(
      "--lengths <list>",
      "keep only the diffusers of these window lengths, e.g. 5,10,15 (longer estimates then use the largest kept)",
    )
    .option("--out <dir>", "write the recalibrated generator here instead of in place")
    .option("--force", "replace the thresholds in place, or a generator in --out")
    .action(async (o: import("./diffuserCalibrate.js").CalibrateOptions) => {
      const { calibrateGenerator } = await import("./diffuserCalibrate.js");
      await calibrateGenerator(o);
    });
}
