// Reading D4RL-layout files written by h5py (scripts/fixtures/make_d4rl_fixture.py): float32
// columns, numpy-bool terminals/timeouts (an HDF5 enum), float64 infos, attributes incl. 64-bit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { episodeAt, episodeReturns, splitEpisodes } from "../../src/data/episodes.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { fixture } from "./dataTestHelpers.js";

const N = 12;
const f32 = Math.fround;

test("the h5py-written D4RL fixture reads with the right values, flags, infos and metadata", async () => {
  const { dataset: d, layout } = await readDatasetFile(fixture("d4rl-small.hdf5"));
  assert.equal(layout, "d4rl");
  assert.equal(d.size, N);
  assert.equal(d.obsDim, 3);
  assert.equal(d.actDim, 2);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < 3; j++) {
      assert.equal(d.observations[i * 3 + j], f32(i + 0.1 * j));
      assert.equal(d.nextObservations![i * 3 + j], f32(1000 + i + 0.1 * j));
    }
    for (let j = 0; j < 2; j++) {
      assert.equal(d.actions[i * 2 + j], f32((2 * i + j) / 100 - 0.1));
      assert.equal(d.qpos!.values[i * 2 + j], 0.001 * i + j);
      assert.equal(d.qvel!.values[i * 2 + j], -i - 0.5 * j);
    }
    assert.equal(d.rewards[i], f32(0.5 * i - 1));
  }
  assert.ok(d.observations instanceof Float32Array);
  assert.ok(d.qpos!.values instanceof Float64Array);
  assert.equal(d.qpos!.cols, 2);
  assert.deepEqual(Array.from(d.terminals), [0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(d.timeouts), [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(d.episodeOffsets), [0, 4, 8, 10, 12]);
  assert.deepEqual(d.metadata, {
    env_name: "hopper-medium-v2",
    seed: 7,
    beyond_2_53: "9007199254740993",
    big_unsigned: "9223372036854775813",
    discount: 0.25,
    layers: [256, 256],
    deterministic: 1,
    "metadata/algorithm": "SAC",
    "metadata/iteration": 500,
  });
  assert.doesNotThrow(() => JSON.stringify(d.metadata));
});

test("episodes of the fixture: boundaries, how each ended, views and returns", async () => {
  const { dataset: d } = await readDatasetFile(fixture("d4rl-small.hdf5"));
  const episodes = splitEpisodes(d);
  assert.deepEqual(
    episodes.map((e) => [e.start, e.length, e.end]),
    [
      [0, 4, "terminal"],
      [4, 4, "timeout"],
      [8, 2, "terminal"], // terminal and timeout on the same row: the MDP ended
      [10, 2, "unfinished"],
    ],
  );
  const second = episodeAt(d, 1);
  assert.deepEqual(Array.from(second.rewards), [1, 1.5, 2, 2.5]);
  assert.equal(second.observations[0], 4);
  assert.equal(second.nextObservations![0], 1004);
  // A view shares memory with the dataset.
  assert.equal(second.observations.buffer, d.observations.buffer);
  assert.deepEqual(Array.from(episodeReturns(d)), [-1, 7, 6.5, 8.5]);
  assert.throws(() => episodeAt(d, 4), /Episode index 4 is out of range; the dataset has 4 episodes/);
});

test("the fixture without next_observations reads with nextObservations null", async () => {
  const { dataset: d } = await readDatasetFile(fixture("d4rl-small-no-next.hdf5"));
  assert.equal(d.nextObservations, null);
  assert.equal(d.size, N);
  assert.deepEqual(Array.from(d.episodeOffsets), [0, 4, 8, 10, 12]);
});
