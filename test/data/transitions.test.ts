// The transition view keeps last steps, marks time-outs as truncations (never terminals), keeps
// every transition whose next observation is known, and says what it left out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeDataset } from "../../src/data/dataset.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { countTransitions, transitionView } from "../../src/data/transitions.js";
import { fixture } from "./dataTestHelpers.js";

const f32 = Math.fround;

test("with next_observations every step is kept; time-outs and the unfinished end are truncations", async () => {
  const { dataset: d } = await readDatasetFile(fixture("d4rl-small.hdf5"));
  const v = transitionView(d);
  assert.equal(v.count, 12);
  assert.equal(v.droppedSteps, 0);
  assert.equal(v.nextObsSource, "next_observations");
  assert.equal(v.obs, d.observations, "shared, not copied");
  assert.equal(v.nextObs, d.nextObservations);
  // rows 3 terminal; 7 time-out; 9 both (terminal wins); 11 end of the recording.
  assert.deepEqual(Array.from(v.terminals), [0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(v.truncations), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.equal(v.placeholderNextObs, null);
  assert.deepEqual(countTransitions(d), {
    count: 12,
    droppedSteps: 0,
    placeholderNextObs: 0,
    nextObsSource: "next_observations",
  });
});

test("without next_observations: s' is the following observation, terminal ends keep a flagged stand-in, unknown s' is left out", async () => {
  const { dataset: d } = await readDatasetFile(fixture("d4rl-small-no-next.hdf5"));
  const v = transitionView(d);
  // Episodes: 0-3 terminal, 4-7 time-out, 8-9 terminal+timeout, 10-11 unfinished.
  // Rows 7 and 11 have no recorded next observation: left out.
  const kept = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10];
  assert.equal(v.count, kept.length);
  assert.equal(v.droppedSteps, 2);
  assert.equal(v.nextObsSource, "following observation");
  assert.deepEqual(countTransitions(d), {
    count: 10,
    droppedSteps: 2,
    placeholderNextObs: 2,
    nextObsSource: "following observation",
  });
  kept.forEach((row, t) => {
    assert.equal(v.obs[t * 3], row, `obs of transition ${t}`);
    assert.equal(v.rewards[t], f32(0.5 * row - 1));
    assert.equal(v.actions[t * 2 + 1], f32((2 * row + 1) / 100 - 0.1));
    const terminalEnd = row === 3 || row === 9;
    assert.equal(v.nextObs[t * 3], terminalEnd ? row : row + 1, `next obs of transition ${t}`);
    assert.equal(v.nextObs[t * 3 + 2], f32((terminalEnd ? row : row + 1) + 0.2));
    assert.equal(v.terminals[t], terminalEnd ? 1 : 0);
    assert.equal(v.truncations[t], 0);
    assert.equal(v.placeholderNextObs![t], terminalEnd ? 1 : 0);
  });
});

test("without next_observations and no dropped step, s, a, r stay shared with the dataset", () => {
  const d = makeDataset({
    obsDim: 1,
    actDim: 1,
    observations: Float32Array.from([0, 1, 2, 10, 11]),
    actions: new Float32Array(5),
    rewards: Float32Array.from([1, 1, 1, 1, 1]),
    terminals: Uint8Array.from([0, 0, 1, 0, 1]),
    timeouts: new Uint8Array(5),
  });
  const v = transitionView(d);
  assert.equal(v.count, 5);
  assert.equal(v.obs, d.observations);
  assert.deepEqual(Array.from(v.nextObs), [1, 2, 2, 11, 11]);
  assert.deepEqual(Array.from(v.terminals), [0, 0, 1, 0, 1]);
});

test("makeDataset checks its columns", () => {
  const base = {
    obsDim: 2,
    actDim: 1,
    observations: new Float32Array(6),
    actions: new Float32Array(3),
    rewards: new Float32Array(3),
    terminals: new Uint8Array(3),
    timeouts: new Uint8Array(3),
  };
  assert.equal(makeDataset(base).episodeOffsets.length, 2);
  assert.throws(
    () => makeDataset({ ...base, actions: new Float32Array(4) }),
    /actions has 4 values; expected 3 \(3 steps x 1\)/,
  );
  assert.throws(
    () => makeDataset({ ...base, timeouts: Uint8Array.from([0, 3, 0]) }),
    /timeouts holds 3 at row 1; expected 0 or 1/,
  );
  assert.throws(
    () => makeDataset({ ...base, obsDim: 0 }),
    /observation size must be a positive integer, got 0/,
  );
  assert.throws(() => makeDataset({ ...base, rewards: new Float32Array(0) }), /at least one step/);
});
