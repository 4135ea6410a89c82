// The simulator that fidelity is measured in: a planar MuJoCo robot (hopper, walker2d,
// halfcheetah), whose observation determines its whole state (planarLocomotionEnv.ts), so that a
// generated state can be put back into the simulator exactly.
import type { Dataset } from "../../data/dataset.js";
import "../../envs/index.js";
import { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import { makeEnv } from "../../envs/registry.js";
import { unwrapEnv } from "../../envs/wrappers/envWrapper.js";

export const FIDELITY_ENVS = ["hopper", "walker2d", "halfcheetah"] as const;

/** The env a dataset was recorded in: `override`, else its "env" metadata. */
export function datasetEnvId(dataset: Dataset, override?: string): string {
  const id = override ?? dataset.metadata.env;
  if (typeof id !== "string" || id === "")
    throw new Error("The dataset does not name its env in its metadata; pass --env (e.g. --env hopper).");
  return id;
}

/** The bare planar env `id` (no time limit: fidelity steps from arbitrary states). */
export async function makeFidelityEnv(id: string, obsDim: number): Promise<PlanarLocomotionEnv> {
  if (!(FIDELITY_ENVS as readonly string[]).includes(id))
    throw new Error(
      `Simulator fidelity needs an env whose observation gives its whole state (${FIDELITY_ENVS.join(", ")}), got "${id}".`,
    );
  const env = unwrapEnv(await makeEnv(id));
  if (!(env instanceof PlanarLocomotionEnv)) throw new Error(`The env "${id}" is not a planar MuJoCo robot.`);
  if (env.observationSpace.low.length !== obsDim) {
    env.close();
    throw new Error(
      `The env "${id}" has observations of ${env.observationSpace.low.length} values, the data ${obsDim}.`,
    );
  }
  return env;
}
