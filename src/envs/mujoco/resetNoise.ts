// The initial-state noise of the MuJoCo tasks (Gymnasium v4, D4RL's AntMaze): every qpos number
// gets U(+-scale), every qvel number U(+-scale) ("uniform": Hopper, Walker2d) or scale * N(0, 1)
// ("gaussian": HalfCheetah, Ant, AntMaze), drawn in that order from the env's Rng.
import type { Rng } from "../../engine/rng.js";

export interface ResetNoise {
  scale: number;
  velocity: "uniform" | "gaussian";
}

export function addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng, noise: ResetNoise): void {
  const { scale, velocity } = noise;
  for (let i = 0; i < qpos.length; i++) qpos[i] += rng.uniformIn(-scale, scale);
  if (velocity === "uniform") for (let i = 0; i < qvel.length; i++) qvel[i] += rng.uniformIn(-scale, scale);
  else for (let i = 0; i < qvel.length; i++) qvel[i] += scale * rng.gaussian();
}
