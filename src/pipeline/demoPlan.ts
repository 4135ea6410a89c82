// The headline demo (`npm start`, `atradiff demo`): SAC and SAC+ATraDiff side by side on hopper, at a
// scale chosen to run in minutes on 2 free cores (each stage's measured cost: results/demo.md):
// - a 50k-row hopper-medium dataset from the committed behavior policy;
// - the generator of `diffuser train --scale quick` (issue 19: two window diffusers k = 5, 10 with
//   the weight-sharing temporal denoiser, width 64 per step, 2 blocks; the plausibility gate, whose
//   one-step models draw the next states (generator.nextStates "modelRollout": 0.006 against 0.054
//   with diffused states, results/demo.md); actions clipped), with 3k steps per diffuser instead of the quick scale's 1.5k and 32 sampler
//   steps instead of 128. Chosen by measuring simulator fidelity against CPU time on this dataset
//   (results/demo.md, "Choosing the generator"): 1.5k steps (54 CPU-s of training) replay at
//   next-state NMSE 0.084 with the gate keeping 74% of the steps, 3k steps (96 CPU-s) at 0.054 with
//   90% kept; the flat residual MLP the demo used before (width 256, 3k steps, ~200 CPU-s) replayed
//   at 0.86 (yet scored higher at 25k steps in this small demo: results/demo.md). The fidelity
//   stage then measures the trained generator (256 start states) and the report shows it beside
//   the learning curves;
// - 3 seeds of each method, 25k env steps, SAC with 128x128 networks (several times cheaper per
//   update than 256x256; ATraDiff's generation adds ~15% of a seed's CPU time) and 2k random start
//   steps, evaluated every 2.5k steps over 5 episodes, two runs at a time.
import { join } from "node:path";
import { scaledSettings } from "../atradiff/commands/diffuserTrainScale.js";
import { dataDirectory } from "../data/dataDirectory.js";
import type { PipelinePlan } from "./pipelinePlan.js";

export interface DemoOptions {
  /** Where everything goes; default <data dir>/demo. */
  root?: string;
  parallel?: number;
}

export const DEMO_STEPS = 25_000;
export const DEMO_SEEDS = [0, 1, 2];
const DEMO_ROWS = 50_000;
/** The generator's simulator fidelity, in the demo's directory (and in its report). */
export const DEMO_FIDELITY_FILE = "generator-fidelity.json";

/**
 * The generator: the quick scale of `diffuser train` (two diffusers k = 5, 10 with the
 * weight-sharing temporal denoiser, width 64 per step, 2 blocks; the plausibility gate on; actions
 * clipped) with DEMO_DIFFUSER_STEPS steps per diffuser and 32 sampler steps (128 by default).
 */
export const DEMO_DIFFUSER_STEPS = 3000;
export const DEMO_GENERATOR = scaledSettings("quick", {
  diffusion: { training: { totalSteps: DEMO_DIFFUSER_STEPS }, edm: { sampleSteps: 32 } },
  seed: 0,
});

export function defaultDemoRoot(): string {
  return join(dataDirectory(), "demo");
}

export function demoPlan(o: DemoOptions = {}): PipelinePlan {
  const root = o.root ?? defaultDemoRoot();
  const dataset = join(root, `hopper-medium-${DEMO_ROWS}.hdf5`);
  // Not "generator" (the flat-MLP demo's) nor "generator-temporal" (diffused next states): a
  // SAC+ATraDiff run trained with one of those names it in its settings, so it is refused (replaced
  // with --force), never taken as a run of this generator.
  const generator = join(root, "generator-model-states");
  const sac = {
    agent: "sac",
    env: "hopper",
    mode: "online",
    steps: DEMO_STEPS,
    seeds: DEMO_SEEDS,
    randomStartSteps: 2000,
    evalEvery: 2500,
    evalEpisodes: 5,
    checkpointEvery: 2500,
    agentSettings: { actorHiddenSizes: [128, 128], criticHiddenSizes: [128, 128] },
  };
  return {
    title: "demo",
    datasets: [{ name: "hopper-medium", path: dataset, size: DEMO_ROWS }],
    generators: [{ dataset, dir: generator, settings: DEMO_GENERATOR, saveEvery: 500 }],
    generatorFidelity: [
      {
        generator,
        dataset,
        file: join(root, DEMO_FIDELITY_FILE),
        label: "demo generator",
      },
    ],
    synther: [],
    runs: [
      { name: "sac", dir: join(root, "runs", "sac"), settings: sac },
      {
        name: "sac-atradiff",
        dir: join(root, "runs", "sac-atradiff"),
        settings: { ...sac, augment: "atradiff", generator },
      },
    ],
    parallel: o.parallel,
    report: { dir: join(root, "report"), tableSteps: [5000, 10_000, 25_000], publish: false },
  };
}
