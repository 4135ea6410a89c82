// The picture of `atradiff diffuser sample --render`: for each of a few trajectories, one row of
// generated states and below it one row of the real states that followed the same start state in
// the dataset, each drawn by putting the simulator in that state (setStateFromObservation).

import type { Dataset } from "../../data/dataset.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import { cameraFor } from "../../envs/render/cameraPresets.js";
import { evenlySpacedSteps, mujocoOf } from "../../envs/render/episodeRecorder.js";
import { filmstrip } from "../../envs/render/filmstrip.js";
import { sceneFromMujoco } from "../../envs/render/mujocoScene.js";
import { RayCaster, type RgbImage } from "../../envs/render/rayCaster.js";
import type { Trajectory } from "../windows/trajectory.js";

export interface RenderComparisonOptions {
  /** Trajectories drawn (the first ones). */
  rows: number;
  frames: number;
  size: number;
}

/** The states of a trajectory: s_1 .. s_T and the last next state. */
function trajectoryStates(t: Trajectory): Float32Array[] {
  const o = t.obsDim;
  const out: Float32Array[] = [];
  for (let j = 0; j < t.size; j++) out.push(t.obs.subarray(j * o, (j + 1) * o));
  out.push(t.nextObs.subarray((t.size - 1) * o, t.size * o));
  return out;
}

/** The dataset's states from `row` on, as many as `count`, within the row's episode. */
function realStates(dataset: Dataset, row: number, count: number): Float32Array[] {
  const o = dataset.obsDim;
  let end = dataset.size;
  for (const off of dataset.episodeOffsets)
    if (off > row) {
      end = off;
      break;
    }
  const out: Float32Array[] = [];
  for (let r = row; r < Math.min(end, row + count); r++)
    out.push(dataset.observations.subarray(r * o, (r + 1) * o));
  return out;
}

export function renderComparison(
  env: PlanarLocomotionEnv,
  ts: readonly Trajectory[],
  dataset: Dataset,
  startRows: readonly number[],
  o: RenderComparisonOptions,
): RgbImage {
  const caster = new RayCaster(o.size, o.size);
  const camera = cameraFor(env.id);
  const { model, data } = mujocoOf(env);
  const blank: RgbImage = {
    width: o.size,
    height: o.size,
    pixels: new Uint8Array(o.size * o.size * 3).fill(255),
  };
  const draw = (state: Float32Array) => {
    env.setStateFromObservation(state);
    return caster.render(sceneFromMujoco(model, data).scene, camera);
  };
  const row = (states: Float32Array[]) => {
    const picked = evenlySpacedSteps(states.length - 1, Math.min(o.frames, states.length)).map((j) =>
      draw(states[j]),
    );
    while (picked.length < o.frames) picked.push(blank);
    return picked;
  };
  const frames: RgbImage[] = [];
  ts.slice(0, o.rows).forEach((t, i) => {
    const generated = trajectoryStates(t);
    frames.push(...row(generated), ...row(realStates(dataset, startRows[i], generated.length)));
  });
  return filmstrip(frames, { columns: o.frames, gap: 4 });
}
