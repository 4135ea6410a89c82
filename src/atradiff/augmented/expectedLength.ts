// L, the expected length of a generated trajectory (ATraDiff §4.2): "the mean length of all
// trajectories generated ... in preliminary empirical experiments, conducted before the actual
// training phase". Measured here by one generation pass from given start states (e.g. states of the
// offline dataset), in the unit Algorithm 1's ratio needs: the rows (transitions) a trajectory adds
// to D_s, so that requests at rate rho / ((1 - rho) L) per store add rho / (1 - rho) rows per real
// one. L stays fixed for the run, also after online adaptation changes the generated lengths.
import type { Rng } from "../../engine/rng.js";
import type { TrajectorySource } from "./trajectorySource.js";

export function measureExpectedLength(source: TrajectorySource, startStates: Float32Array, rng: Rng): number {
  const n = startStates.length / source.obsDim;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(
      `Measuring L needs whole start states of ${source.obsDim} values, got ${startStates.length} values.`,
    );
  const trajectories = source.generate(startStates, rng);
  return trajectories.reduce((sum, t) => sum + t.size, 0) / trajectories.length;
}
