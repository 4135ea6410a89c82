// Training windows with end padding (ATraDiff §4.1) on hand-made episodes: the exact windows, the
// remaining lengths and terminal flags; and episodes cut from a dataset for each way it can end.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkTrainingData,
  type TrainingData,
  trainingEpisodesFromDataset,
} from "../../src/atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { makeDataset } from "../../src/data/dataset.js";

const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

/** Episode A: 3 steps, terminal, states 10, 20, 30 then 40. Episode B: 2 steps, time-out, 5, 6 then 7. */
function handMade(): TrainingData {
  return {
    obsDim: 1,
    actDim: 1,
    episodes: [
      {
        length: 3,
        observations: Float32Array.from([10, 20, 30]),
        actions: Float32Array.from([1, 2, 3]),
        rewards: Float32Array.from([0.1, 0.2, 0.3]),
        finalObservation: Float32Array.from([40]),
        terminal: true,
        task: 0,
      },
      {
        length: 2,
        observations: Float32Array.from([5, 6]),
        actions: Float32Array.from([-1, -2]),
        rewards: Float32Array.from([1, 2]),
        finalObservation: Float32Array.from([7]),
        terminal: false,
        task: 1,
      },
    ],
  };
}

function rows(w: TrainingWindows): number[][] {
  const all = w.materialize();
  return Array.from({ length: w.count }, (_, i) => Array.from(all.subarray(i * w.width, (i + 1) * w.width)));
}

describe("training windows", () => {
  it("k = 2: one window per step, late windows end in copies of the last step", () => {
    const w = new TrainingWindows(handMade(), 2, true);
    assert.equal(w.width, 2 * 4 + 1);
    assert.deepEqual(rows(w), [
      f32([10, 1, 0.1, 0, 20, 2, 0.2, 0, 30]),
      f32([20, 2, 0.2, 0, 30, 3, 0.3, 1, 40]),
      f32([30, 3, 0.3, 1, 40, 3, 0.3, 1, 40]),
      f32([5, -1, 1, 0, 6, -2, 2, 0, 7]),
      f32([6, -2, 2, 0, 7, -2, 2, 0, 7]),
    ]);
    assert.deepEqual(
      Array.from({ length: w.count }, (_, i) => w.remainingLength(i)),
      [3, 2, 1, 2, 1],
    );
    assert.deepEqual(
      Array.from({ length: w.count }, (_, i) => w.containsTerminal(i)),
      [false, true, true, false, false],
    );
    assert.deepEqual(
      Array.from({ length: w.count }, (_, i) => w.task(i)),
      [0, 0, 0, 1, 1],
    );
  });

  it("k longer than the episode pads every window; no terminal channel when terminals are not modelled", () => {
    const w = new TrainingWindows(handMade(), 4, false);
    assert.equal(w.width, 4 * 3 + 1);
    assert.deepEqual(rows(w).slice(0, 3), [
      f32([10, 1, 0.1, 20, 2, 0.2, 30, 3, 0.3, 40, 3, 0.3, 40]),
      f32([20, 2, 0.2, 30, 3, 0.3, 40, 3, 0.3, 40, 3, 0.3, 40]),
      f32([30, 3, 0.3, 40, 3, 0.3, 40, 3, 0.3, 40, 3, 0.3, 40]),
    ]);
    assert.ok(w.containsTerminal(0));
  });

  it("the first state of each window is the condition's state", () => {
    const w = new TrainingWindows(handMade(), 3, true);
    const s = new Float32Array(w.count);
    for (let i = 0; i < w.count; i++) w.writeFirstState(i, s, i);
    assert.deepEqual(Array.from(s), [10, 20, 30, 5, 6]);
    assert.throws(() => w.remainingLength(5), /Window 5 is out of range; there are 5 windows/);
  });

  it("bad episodes fail with one sentence", () => {
    const d = handMade();
    d.episodes[1].rewards = Float32Array.from([1]);
    assert.throws(() => checkTrainingData(d), /Training episode 1 should hold 2 reward values, got 1/);
    const n = handMade();
    n.episodes[0].observations[1] = Number.NaN;
    assert.throws(
      () => checkTrainingData(n),
      /Training episode 0 has a non-finite value \(NaN\) in its observation/,
    );
    assert.throws(
      () => checkTrainingData({ obsDim: 1, actDim: 1, episodes: [] }),
      /at least one training episode/,
    );
  });
});

describe("episodes from a dataset", () => {
  // Rows: episode 0 = rows 0-2 (terminal), episode 1 = rows 3-4 (time-out), episode 2 = rows 5-6 (unfinished).
  const columns = {
    obsDim: 1,
    actDim: 1,
    observations: Float32Array.from([0, 1, 2, 10, 11, 20, 21]),
    actions: Float32Array.from([0, 0, 0, 0, 0, 0, 0]),
    rewards: Float32Array.from([1, 1, 1, 1, 1, 1, 1]),
    terminals: Uint8Array.from([0, 0, 1, 0, 0, 0, 0]),
    timeouts: Uint8Array.from([0, 0, 0, 0, 1, 0, 0]),
  };

  it("with next_observations every row is a transition and the final state is the recorded one", () => {
    const next = Float32Array.from([1, 2, 3, 11, 12, 21, 22]);
    const d = trainingEpisodesFromDataset(makeDataset({ ...columns, nextObservations: next }), {
      tasks: [2, 0, 1],
    });
    assert.deepEqual(
      d.episodes.map((e) => [e.length, e.finalObservation[0], e.terminal, e.task]),
      [
        [3, 3, true, 2],
        [2, 12, false, 0],
        [2, 22, false, 1],
      ],
    );
  });

  it("without them, a terminal episode keeps its last step (final state = s_T) and the others drop it", () => {
    const d = trainingEpisodesFromDataset(makeDataset(columns));
    assert.deepEqual(
      d.episodes.map((e) => [e.length, Array.from(e.observations), e.finalObservation[0], e.terminal]),
      [
        [3, [0, 1, 2], 2, true],
        [1, [10], 11, false],
        [1, [20], 21, false],
      ],
    );
    assert.throws(
      () => trainingEpisodesFromDataset(makeDataset(columns), { tasks: [0] }),
      /the dataset has 3 episodes, got 1 task ids/,
    );
  });
});
