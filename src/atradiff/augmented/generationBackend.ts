// Where Algorithm 1's trajectory requests are generated (ATraDiff §4.2): in the agent's thread, or
// in a worker thread (workerGeneration.ts) so that generation does not stall the agent. Both give
// the same trajectories for a seed: request batch j always generates with batchRng(seed, j), and
// batches are taken back in the order they were submitted.
import { Rng } from "../../engine/rng.js";
import { randomStreams } from "../../util/randomStreams.js";
import { checkTrajectories, type GeneratedTrajectory, type TrajectorySource } from "./trajectorySource.js";

export interface GenerationBackend {
  readonly obsDim: number;
  readonly actDim: number;
  /** Starts generating request batch `index` (indices come in order 0, 1, 2, ...). */
  submit(index: number, startStates: Float32Array): void;
  /** The trajectories of batch `index`, in start-state order; waits until they are ready. */
  take(index: number): GeneratedTrajectory[];
  close(): void;
}

/** The Rng that request batch `index` generates with. */
export function batchRng(seed: number, index: number): Rng {
  return new Rng(randomStreams.generationBatch(seed, index));
}

/** Generates each batch in the agent's thread when it is submitted (the reference semantics). */
export class InThreadGeneration implements GenerationBackend {
  private readonly ready = new Map<number, GeneratedTrajectory[]>();

  constructor(
    readonly source: TrajectorySource,
    readonly seed: number,
  ) {}

  get obsDim(): number {
    return this.source.obsDim;
  }

  get actDim(): number {
    return this.source.actDim;
  }

  submit(index: number, startStates: Float32Array): void {
    const trajectories = this.source.generate(startStates, batchRng(this.seed, index));
    checkTrajectories(trajectories, startStates.length / this.obsDim, this.obsDim, this.actDim);
    this.ready.set(index, trajectories);
  }

  take(index: number): GeneratedTrajectory[] {
    const t = this.ready.get(index);
    if (!t) throw new Error(`Request batch ${index} was never submitted for generation.`);
    this.ready.delete(index);
    return t;
  }

  close(): void {
    this.ready.clear();
  }
}
