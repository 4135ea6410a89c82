// What a pipeline makes, in order: datasets (built from the committed behavior policies when
// missing), ATraDiff generators trained on them (and cut down to some window lengths), their
// simulator fidelity, optionally
// SynthER models pre-trained on them,
// the training runs, and one report over all runs. A plan is plain JSON, so `atradiff experiment
// <plan.json>` can run one a user wrote; demoPlan.ts and centralClaimPlan.ts build the project's.
import type { GeneratorSettingsInput } from "../atradiff/generator/generatorSettings.js";
import type { SyntherSettingsInput } from "../baselines/synther/syntherSettings.js";

export interface DatasetSpec {
  /** A recipe name of `atradiff dataset build`, e.g. "hopper-medium". */
  name: string;
  /** Where the dataset is (or is built to). */
  path: string;
  /** Rows (default: the recipe's 1M). */
  size?: number;
  /** Rollout seed (default 0). */
  seed?: number;
}

export interface GeneratorSpec {
  /** The dataset file it learns from (a plan dataset's path, or an existing file). */
  dataset: string;
  /** The generator directory (`atradiff diffuser train --out`). */
  dir: string;
  settings: GeneratorSettingsInput;
  /** Diffuser steps between saves of the partial training (what a resumed training repeats at most). */
  saveEvery: number;
}

/** A generator cut down to some window lengths of a trained one (`diffuser calibrate --lengths`). */
export interface GeneratorCutSpec {
  /** The trained generator (a plan generator's dir, or an existing one). */
  from: string;
  /** The dataset whose windows calibrate the pruner again. */
  dataset: string;
  /** The window lengths kept, some of the generator's own. */
  windowLengths: number[];
  /** The new generator's directory. */
  dir: string;
}

/**
 * A generator's simulator fidelity (atradiff/fidelity/generatorFidelity.ts): trajectories from
 * `starts` dataset states replayed in MuJoCo, the numbers written to `file` (JSON) and shown in the
 * report beside the learning curves.
 */
export interface GeneratorFidelitySpec {
  /** The generator measured (a plan generator's or cut's dir, or an existing one). */
  generator: string;
  /** The dataset whose states start the trajectories and whose spread scales the errors. */
  dataset: string;
  /** The JSON file the numbers go to. */
  file: string;
  /** The generator's name in the report (default: its directory's name). */
  label?: string;
  /** Start states drawn from the dataset (default 256). */
  starts?: number;
  /** Seed of the start states and the sampler's noise (default 0). */
  seed?: number;
  /** Sampler steps (default: the generator's own setting). */
  samplerSteps?: number;
  /** The env replayed in (default: the dataset's "env" metadata). */
  env?: string;
}

export interface SyntherSpec {
  /** The dataset file it learns from. */
  dataset: string;
  /** The model file (safetensors), given to runs as augmentSettings.synther.pretrained. */
  file: string;
  settings: SyntherSettingsInput;
}

export interface RunSpec {
  /** The run's name in messages and progress bars; its directory's name in the published results. */
  name: string;
  /** The run directory (`atradiff train --out`). */
  dir: string;
  /** The job's settings as in a `train --config` file, seeds included (runConfig.ts). */
  settings: Record<string, unknown>;
  /**
   * Trained in a second pool, once every other run is done: an extra arm (e.g. a diagnostic) that
   * must not delay the main comparison's seeds (default false).
   */
  later?: boolean;
}

export interface ReportSpec {
  /** report.html, curves.svg, curves.png (and the published runs) go here. */
  dir: string;
  /** Env steps of the score table's columns. */
  tableSteps: number[];
  /**
   * Copy each run's config.json and seed-<s>/{config.json, metrics.jsonl} (never checkpoints) to
   * <dir>/runs/<name>/ and the plan to <dir>/config.json, and report from the copies: the results
   * can then be committed and re-plotted with `atradiff report <dir>/runs/*`.
   */
  publish: boolean;
  /**
   * Runs of the same experiment that this plan does not train (e.g. walker2d's when the central
   * claim runs with `--envs hopper`): reported when they have metrics, in their own directory or
   * already published, so that training a part never drops the rest from the report.
   */
  alsoRuns?: RunSpec[];
}

export interface PipelinePlan {
  /** e.g. "demo", "central-claim". */
  title: string;
  datasets: DatasetSpec[];
  generators: GeneratorSpec[];
  /** Made after the generators (default none). */
  generatorCuts?: GeneratorCutSpec[];
  /** Measured after the generators and cuts, before the runs (default none). */
  generatorFidelity?: GeneratorFidelitySpec[];
  synther: SyntherSpec[];
  runs: RunSpec[];
  /** Seeds trained at the same time (default: one per core); every run's seeds share one pool. */
  parallel?: number;
  report: ReportSpec;
}
