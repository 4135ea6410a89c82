// What Algorithm 1 (ATraDiff §4.2) needs from a generator: one trajectory per start state, each a
// column-wise Batch of chained transitions (s_i, a_i, r_i, s_{i+1}, terminal_i). A generated
// trajectory may end in a terminal step; that flag is kept in D_s (the agent must not bootstrap
// past it), and may be empty (the plausibility gate cut it at its first step). The real ATraDiff
// generator, a test's fake generator, or the user's own model fit.
import type { Batch } from "../../data/batch.js";
import type { Rng } from "../../engine/rng.js";
import type { Task } from "../generator/taskPrompt.js";
import type { TrajectoryGenerator } from "../generator/trajectoryGenerator.js";

/** What a source may say about how a trajectory was made (the ATraDiff generator does; trajectory.ts). */
export interface GenerationCounts {
  /** Steps generated before the plausibility gate cut (size when it cut none, or without a gate). */
  generatedSteps?: number;
  /** Steps whose generated action was outside the action space and was clipped. */
  clippedActionSteps?: number;
}

export type GeneratedTrajectory = Batch & GenerationCounts;

export interface TrajectorySource {
  readonly obsDim: number;
  readonly actDim: number;
  /** One trajectory per start state (startStates: n x obsDim, row-major), in the same order; draws only from rng. */
  generate(startStates: Float32Array, rng: Rng): GeneratedTrajectory[];
  dispose?(): void;
}

export interface GeneratorSourceOptions {
  /** The task prompt (default task 0). */
  task?: Task;
  /** Sampler steps (default: the generator's diffusion.edm.sampleSteps). */
  steps?: number;
}

/** The ATraDiff generator (§4.1) as a trajectory source. */
export function generatorSource(
  generator: TrajectoryGenerator,
  o: GeneratorSourceOptions = {},
): TrajectorySource {
  return {
    obsDim: generator.obsDim,
    actDim: generator.actDim,
    generate: (startStates, rng) => generator.generate(startStates, { rng, task: o.task, steps: o.steps }),
    dispose: () => generator.dispose(),
  };
}

/** Throws one sentence when a source's trajectories do not fit the buffer. */
export function checkTrajectories(
  trajectories: GeneratedTrajectory[],
  starts: number,
  obsDim: number,
  actDim: number,
): void {
  if (trajectories.length !== starts)
    throw new Error(`The generator returned ${trajectories.length} trajectories for ${starts} start states.`);
  for (const t of trajectories)
    if (t.obsDim !== obsDim || t.actDim !== actDim || !(t.size >= 0))
      throw new Error(
        `A generated trajectory has observation/action sizes ${t.obsDim}/${t.actDim} and ${t.size} steps; the buffer needs ${obsDim}/${actDim} and a size of 0 or more steps.`,
      );
}
