// The paper's central claim (ATraDiff §5, online RL; issue 7's proof) measured on this machine:
// SAC, SAC+ATraDiff and SAC+SynthER on hopper and walker2d, the generative models learning from the
// <env>-medium dataset, 100k env steps, median and IQR over seeds of the D4RL-normalized return at
// 25k, 50k and 100k steps and the wall-clock cost of each (report table).
// Scale: SAC is the paper's (256x256, batch 256, 5k random steps, evaluation every 5k steps over 10
// episodes). The diffusion models are smaller than the paper's GPU ones so that the experiment fits
// a 2-core CPU in days, not months (measured costs: results/central-claim.md):
// - ATraDiff: the paper's five window lengths 5..25 with the generator's defaults (issue 19): the
//   weight-sharing temporal denoiser (width 128 per step, 4 conv blocks), the plausibility gate, whose
//   one-step models draw the next states (nextStates "modelRollout", ours: the paper's ATraDiff draws
//   them with the diffuser; "diffused" with the gate off is the paper exactly), actions clipped; CLAIM_DIFFUSER_STEPS steps each and 32 sampler steps; fixed generator (no
//   online adaptation in §5's online experiments). The published results/central-claim runs were
//   made with the flat residual MLP (width 512, 6 blocks, 20k steps, no gate), whose long windows
//   replay far from the simulator (issue 19); the new generator lives in other directories
//   (...-generator-model-states since its next states come from the one-step models), so a run
//   trained with an older one is refused, not mistaken for new.
//   Each generator's simulator fidelity is measured after it is made (generatorFidelityStage.ts)
//   and shown in the report beside the curves.
// - SynthER online: retrained from scratch on the replay buffer every 10k env steps (9 retrainings
//   per run), 50k synthetic transitions after each (SynthER: 1M), optionally pre-trained on the
//   dataset. Its denoiser is the one whose fidelity results/diffusion/fidelity-vs-steps measured
//   (width 256, 3 blocks; 5k steps at batch 256 per retraining, 32 sampler steps): on transitions it
//   is already more physical than the window diffusers. The 512x6 denoiser with 20k steps would
//   cost hours per retraining and sampling cycle, 9 times per seed run (results/central-claim.md,
//   "The plan's scale and cost"): SynthER at its own scale does not fit here.
// - A diagnostic fourth arm, run last: SAC+ATraDiff with the generator cut down to its windows of
//   5, 10 and 15 steps. With the flat MLP only those windows stayed physical and the estimator sent
//   nearly every start state to k = 25 (results/central-claim.md); with the temporal denoiser every
//   k replays about as well (results/denoiser-architecture.md), so the arm now asks what the long
//   windows add.
// Runs go to runs/central-claim/ (not committed); results/central-claim/ gets what backs the claim.
import { join } from "node:path";
import { datasetPath } from "../data/dataDirectory.js";
import type { GeneratorCutSpec, GeneratorFidelitySpec, PipelinePlan, RunSpec } from "./pipelinePlan.js";

export const CENTRAL_CLAIM_ENVS = ["hopper", "walker2d"] as const;

export interface CentralClaimOptions {
  seeds?: number[];
  envs?: string[];
  /** Env steps per run (default 100k). */
  steps?: number;
  parallel?: number;
  /** Pre-train SynthER on the dataset (its samples fill the synthetic buffer until the first retraining). */
  syntherPretrain?: boolean;
  /** Default runs/central-claim. */
  runsDir?: string;
  /** Default results/central-claim. */
  resultsDir?: string;
}

/**
 * Training steps per window diffuser, to stay within the 2 core-hours of training per env:
 * a step of the default temporal denoiser (width 128, 4 blocks, batch 256) cost 48 CPU-ms at k = 5
 * on hopper (results/demo.md, 2026-12-08, one engine thread, load average ~13); scaled by the
 * window's k + 1 tokens, the five diffusers cost ~0.64 CPU-s per step together, so 10k steps each
 * come to ~1.8 core-hours with the estimator and the gate (an estimate, not a measured generator).
 */
export const CLAIM_DIFFUSER_STEPS = 10_000;
const DIFFUSION = { training: { totalSteps: CLAIM_DIFFUSER_STEPS }, edm: { sampleSteps: 32 } };
const SYNTHER_DIFFUSION = {
  denoiser: { dimT: 128, width: 256, depth: 3 },
  training: { totalSteps: 5_000, batchSize: 256 },
  edm: { sampleSteps: 32 },
};
const SYNTHER_PRETRAIN_DIFFUSION = { ...SYNTHER_DIFFUSION, training: { totalSteps: 20_000, batchSize: 256 } };

export function centralClaimPlan(o: CentralClaimOptions = {}): PipelinePlan {
  const runsDir = o.runsDir ?? join("runs", "central-claim");
  const envs = o.envs ?? [...CENTRAL_CLAIM_ENVS];
  const unknown = envs.find((e) => !(CENTRAL_CLAIM_ENVS as readonly string[]).includes(e));
  if (unknown !== undefined)
    throw new Error(
      `The central claim is measured on ${CENTRAL_CLAIM_ENVS.join(" and ")}, not "${unknown}".`,
    );
  const alsoRuns: RunSpec[] = [];
  const cuts: GeneratorCutSpec[] = [];
  const fidelity: GeneratorFidelitySpec[] = [];
  const plan: PipelinePlan = {
    title: "central-claim",
    datasets: [],
    generators: [],
    generatorCuts: cuts,
    generatorFidelity: fidelity,
    synther: [],
    runs: [],
    parallel: o.parallel,
    report: {
      dir: o.resultsDir ?? join("results", "central-claim"),
      tableSteps: [25_000, 50_000, 100_000],
      publish: true,
      alsoRuns,
    },
  };
  for (const env of envs) {
    const name = `${env}-medium`;
    const dataset = datasetPath(name);
    const synther = syntherModelFile(runsDir, env);
    plan.datasets.push({ name, path: dataset });
    plan.generators.push({
      dataset,
      dir: generatorDir(runsDir, env),
      settings: { diffusion: DIFFUSION, seed: 0 },
      saveEvery: 1000,
    });
    for (const [dir, label] of [
      [generatorDir(runsDir, env), `${env} generator (k = 5..25)`],
      [shortGeneratorDir(runsDir, env), `${env} generator cut to k <= 15`],
    ])
      fidelity.push({ generator: dir, dataset, file: `${dir}-fidelity.json`, label });
    cuts.push({
      from: generatorDir(runsDir, env),
      dataset,
      windowLengths: [...SHORT_WINDOWS],
      dir: shortGeneratorDir(runsDir, env),
    });
    if (o.syntherPretrain)
      plan.synther.push({
        dataset,
        file: synther,
        settings: { diffusion: SYNTHER_PRETRAIN_DIFFUSION, seed: 0 },
      });
  }
  // The envs left out are still reported (as far as they ran), so `--envs hopper` keeps walker2d's
  // results in the published report.
  for (const env of CENTRAL_CLAIM_ENVS) {
    const runs = claimRuns(env, runsDir, o);
    if (envs.includes(env)) plan.runs.push(...runs);
    else alsoRuns.push(...runs);
  }
  return plan;
}

const generatorDir = (runsDir: string, env: string) =>
  join(runsDir, "models", `${env}-medium-generator-model-states`);
/** The diagnostic arm's windows: with the flat MLP, the ones that stayed physical (results/central-claim-generators/). */
const SHORT_WINDOWS = [5, 10, 15];
const shortGeneratorDir = (runsDir: string, env: string) =>
  join(runsDir, "models", `${env}-medium-generator-model-states-k5-15`);
const syntherModelFile = (runsDir: string, env: string) =>
  join(runsDir, "models", `${env}-medium-synther.safetensors`);

/** SAC, SAC+ATraDiff and SAC+SynthER on one env, then SAC+ATraDiff with the short windows alone. */
function claimRuns(env: string, runsDir: string, o: CentralClaimOptions): RunSpec[] {
  const sac = { agent: "sac", env, mode: "online", steps: o.steps ?? 100_000, seeds: o.seeds ?? [0, 1, 2] };
  const runs: Omit<RunSpec, "dir">[] = [
    { name: `${env}-sac`, settings: sac },
    {
      name: `${env}-sac-atradiff`,
      settings: { ...sac, augment: "atradiff", generator: generatorDir(runsDir, env) },
    },
    {
      name: `${env}-sac-synther`,
      settings: {
        ...sac,
        augment: "synther",
        augmentSettings: {
          synther: {
            model: { diffusion: SYNTHER_DIFFUSION },
            syntheticSize: 50_000,
            pretrained: o.syntherPretrain ? syntherModelFile(runsDir, env) : null,
          },
        },
      },
    },
    {
      name: `${env}-sac-atradiff-k5-15`,
      settings: {
        ...sac,
        augment: "atradiff",
        generator: shortGeneratorDir(runsDir, env),
        label: "sac + atradiff (k <= 15)",
      },
      later: true,
    },
  ];
  return runs.map((r) => ({ ...r, dir: join(runsDir, r.name) }));
}
