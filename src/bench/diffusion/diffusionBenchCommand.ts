// `atradiff bench diffusion`: the generator benchmark (runAtradiffBench), or with --architectures
// the denoiser-architecture comparison, from the command's flags.
import type { StartStateMode } from "../../atradiff/generator/windowDiffuser.js";
import { START_STATE_MODES } from "../../settings/generator.js";
import { runArchitectureBench, runAtradiffBench } from "./runAtradiffBench.js";

function startStateFlag(value: string): StartStateMode {
  if (!(START_STATE_MODES as readonly string[]).includes(value))
    throw new Error(`--start-state must be one of ${START_STATE_MODES.join(", ")}, got "${value}".`);
  return value as StartStateMode;
}

export interface DiffusionBenchCommandOptions {
  json?: boolean;
  dataset?: string;
  lengths: number[];
  steps: number;
  width: number;
  depth: number;
  batch: number;
  estimatorSteps: number;
  gateSteps: number;
  samples: number;
  timedSteps: number;
  fidelityStarts: number;
  samplerSteps: number[];
  workDir?: string;
  retrain?: boolean;
  single?: boolean;
  out?: string;
  force?: boolean;
  architectures?: string;
  evalEvery: number;
  temporalWidth: number;
  temporalDepth: number;
  startState: string;
  seed: number;
  oneStepModelSteps: number;
}

export async function benchDiffusion(o: DiffusionBenchCommandOptions): Promise<void> {
  if (o.architectures !== undefined) {
    await runArchitectureBench({
      json: Boolean(o.json),
      dataset: o.dataset,
      architectures: o.architectures,
      config: {
        lengths: o.lengths,
        steps: o.steps,
        evalEvery: o.evalEvery,
        batch: o.batch,
        dimT: 128,
        width: o.width,
        depth: o.depth,
        temporalWidth: o.temporalWidth,
        temporalDepth: o.temporalDepth,
        samplerSteps: o.samplerSteps[Math.min(1, o.samplerSteps.length - 1)],
        seed: o.seed,
        startState: startStateFlag(o.startState),
        ...(o.oneStepModelSteps > 0 ? { oneStepModelSteps: o.oneStepModelSteps } : {}),
      },
      fidelityStarts: o.fidelityStarts,
      workDir: o.workDir,
      retrain: Boolean(o.retrain),
      out: o.out,
      force: Boolean(o.force),
    });
    return;
  }
  await runAtradiffBench({
    json: Boolean(o.json),
    dataset: o.dataset,
    lengths: o.lengths,
    steps: o.steps,
    width: o.width,
    depth: o.depth,
    batch: o.batch,
    estimatorSteps: o.estimatorSteps,
    gateSteps: o.gateSteps,
    samples: o.samples,
    timedSteps: o.timedSteps,
    fidelityStarts: o.fidelityStarts,
    samplerSteps: o.samplerSteps,
    workDir: o.workDir,
    retrain: Boolean(o.retrain),
    single: Boolean(o.single),
    out: o.out,
    force: Boolean(o.force),
  });
}
