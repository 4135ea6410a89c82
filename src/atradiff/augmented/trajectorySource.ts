// What Algorithm 1 (ATraDiff §4.2) needs from a generator: one trajectory per start state, each a
// column-wise Batch of chained transitions (s_i, a_i, r_i, s_{i+1}, terminal_i). A generated
// trajectory may end in a terminal step; that flag is kept in D_s (the agent must not bootstrap
// past it). The real ATraDiff generator, a test's fake generator, or the user's own model fit.
import type { Batch } from "../../data/batch.js";
import type { Rng } from "../../engine/rng.js";
import type { Task } from "../taskPrompt.js";
import type { TrajectoryGenerator } from "../trajectoryGenerator.js";

export interface TrajectorySource {
  readonly obsDim: number;
  readonly actDim: number;
  /** One trajectory per start state (startStates: n x obsDim, row-major), in the same order; draws only from rng. */
  generate(startStates: Float32Array, rng: Rng): Batch[];
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
  trajectories: Batch[],
  starts: number,
  obsDim: number,
  actDim: number,
): void {
  if (trajectories.length !== starts)
    throw new Error(`The generator returned ${trajectories.length} trajectories for ${starts} start states.`);
  for (const t of trajectories)
    if (t.obsDim !== obsDim || t.actDim !== actDim || t.size < 1)
      throw new Error(
        `A generated trajectory has observation/action sizes ${t.obsDim}/${t.actDim} and ${t.size} steps; the buffer needs ${obsDim}/${actDim} and at least 1 step.`,
      );
}
