// Reading Minari's episode-per-group layout written by h5py (scripts/fixtures/make_minari_fixture.py).
import assert from "node:assert/strict";
import { test } from "node:test";
import { d4rlFamilyFromMetadata } from "../../src/data/d4rlScores.js";
import { splitEpisodes } from "../../src/data/episodes.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { transitionView } from "../../src/data/transitions.js";
import { fixture } from "./dataTestHelpers.js";

const f32 = Math.fround;

test("Minari episodes are concatenated in numeric order, T+1 observations split into obs and next obs", async () => {
  const { dataset: d, layout } = await readDatasetFile(fixture("minari-small.hdf5"));
  assert.equal(layout, "minari");
  assert.equal(d.obsDim, 3);
  assert.equal(d.actDim, 2);
  const lengths = Array.from({ length: 11 }, (_, k) => 1 + (k % 3));
  assert.equal(
    d.size,
    lengths.reduce((a, b) => a + b, 0),
  );
  const episodes = splitEpisodes(d);
  assert.equal(episodes.length, 11);
  for (let k = 0; k < 11; k++) {
    const e = episodes[k];
    const T = lengths[k];
    assert.equal(e.length, T, `episode ${k} length`);
    assert.equal(e.end, k % 2 === 0 ? "terminal" : "timeout", `episode ${k} end`);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < 3; j++) {
        assert.equal(e.observations[t * 3 + j], f32(100 * k + t + 0.1 * j));
        assert.equal(e.nextObservations![t * 3 + j], f32(100 * k + t + 1 + 0.1 * j));
      }
      for (let j = 0; j < 2; j++) assert.equal(e.actions[t * 2 + j], f32(k + 0.01 * t + 0.1 * j));
      assert.equal(e.rewards[t], f32(k + 0.5 * t));
    }
  }
  assert.equal(d.metadata.dataset_id, "mujoco/hopper/medium-v0");
  assert.equal(d.metadata.total_episodes, 11);
  assert.equal(d4rlFamilyFromMetadata(d.metadata), "hopper");
});

test("every Minari step becomes a transition, time-outs as truncations", async () => {
  const { dataset: d } = await readDatasetFile(fixture("minari-small.hdf5"));
  const v = transitionView(d);
  assert.equal(v.count, d.size);
  assert.equal(v.droppedSteps, 0);
  assert.equal(v.nextObsSource, "next_observations");
  const episodes = splitEpisodes(d);
  for (const e of episodes) {
    const last = e.start + e.length - 1;
    assert.equal(v.terminals[last], e.end === "terminal" ? 1 : 0);
    assert.equal(v.truncations[last], e.end === "timeout" ? 1 : 0);
  }
});
