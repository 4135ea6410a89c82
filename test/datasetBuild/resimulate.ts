// Checks a dataset against the simulator: every episode is replayed from the qpos/qvel recorded
// at its first row, with the recorded actions, and every row's state, observation, reward, next
// observation and end flags must be what the env gives (observations and rewards as float32).
import assert from "node:assert/strict";
import type { Dataset } from "../../src/data/dataset.js";
import { physicalStateReader } from "../../src/datasets/physicalState.js";
import { Pendulum } from "../../src/envs/classic/pendulum.js";
import "../../src/envs/index.js";
import { MujocoEnv } from "../../src/envs/mujoco/mujocoEnv.js";
import { makeEnv } from "../../src/envs/registry.js";
import type { Env } from "../../src/envs/types.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";
import { RescaleAction } from "../../src/envs/wrappers/rescaleAction.js";

function setPhysicalState(env: Env, qpos: Float64Array, qvel: Float64Array): void {
  const inner = unwrapEnv(env);
  if (inner instanceof MujocoEnv) inner.setQposQvel(qpos, qvel);
  else if (inner instanceof Pendulum) inner.setState([qpos[0], qvel[0]]);
  else throw new Error(`No way to set the state of ${env.id}.`);
}

function f32(values: ArrayLike<number>): Float32Array {
  return Float32Array.from(values);
}

export interface ResimulationSummary {
  episodes: number;
  terminals: number;
  timeouts: number;
}

/** Replays every episode of `data` in env `envId` and asserts that it matches row by row. */
export async function assertMatchesResimulation(data: Dataset, envId: string): Promise<ResimulationSummary> {
  assert.ok(data.qpos && data.qvel, "the dataset records infos/qpos and infos/qvel");
  assert.ok(data.nextObservations, "the dataset records next_observations");
  const env: Env = new RescaleAction(await makeEnv(envId));
  const reader = physicalStateReader(env);
  assert.ok(reader);
  const { nq, nv } = reader;
  const state = new Float64Array(nq + nv);
  const summary = { episodes: 0, terminals: 0, timeouts: 0 };
  try {
    const offsets = data.episodeOffsets;
    for (let e = 0; e + 1 < offsets.length; e++) {
      const start = offsets[e];
      const end = offsets[e + 1];
      env.reset({ seed: 0 });
      const qpos = data.qpos.values.subarray(start * nq, (start + 1) * nq);
      const qvel = data.qvel.values.subarray(start * nv, (start + 1) * nv);
      setPhysicalState(env, qpos, qvel);
      for (let row = start; row < end; row++) {
        reader.read(state, 0);
        assert.deepEqual(
          state.subarray(0, nq),
          data.qpos.values.subarray(row * nq, (row + 1) * nq),
          `qpos at row ${row}`,
        );
        assert.deepEqual(
          state.subarray(nq),
          data.qvel.values.subarray(row * nv, (row + 1) * nv),
          `qvel at row ${row}`,
        );
        const action = data.actions.subarray(row * data.actDim, (row + 1) * data.actDim);
        const r = env.step(action);
        const next: Float32Array = data.nextObservations.subarray(row * data.obsDim, (row + 1) * data.obsDim);
        assert.deepEqual(f32(r.obs), next, `next observation at row ${row}`);
        if (row + 1 < end)
          assert.deepEqual(
            next,
            data.observations.subarray((row + 1) * data.obsDim, (row + 2) * data.obsDim),
          );
        assert.equal(Math.fround(r.reward), data.rewards[row], `reward at row ${row}`);
        const last = row + 1 === end;
        // An episode ends where the env says so, and only there (or at the dataset's last row).
        assert.equal(data.terminals[row], r.terminated ? 1 : 0, `terminal at row ${row}`);
        assert.equal(data.timeouts[row], r.truncated && !r.terminated ? 1 : 0, `timeout at row ${row}`);
        if (!last) assert.ok(!r.terminated && !r.truncated, `the episode goes on after row ${row}`);
        else assert.ok(r.terminated || r.truncated || end === data.size, `the episode ends at row ${row}`);
      }
      summary.episodes++;
      if (data.terminals[end - 1]) summary.terminals++;
      if (data.timeouts[end - 1]) summary.timeouts++;
    }
  } finally {
    env.close();
  }
  return summary;
}

/** Every column and the metadata of two datasets are equal. */
export function assertSameDataset(a: Dataset, b: Dataset): void {
  assert.equal(a.size, b.size);
  assert.deepEqual(a.observations, b.observations);
  assert.deepEqual(a.actions, b.actions);
  assert.deepEqual(a.rewards, b.rewards);
  assert.deepEqual(a.terminals, b.terminals);
  assert.deepEqual(a.timeouts, b.timeouts);
  assert.deepEqual(a.nextObservations, b.nextObservations);
  assert.deepEqual(a.qpos, b.qpos);
  assert.deepEqual(a.qvel, b.qvel);
  assert.deepEqual(a.metadata, b.metadata);
}
