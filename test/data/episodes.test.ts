// Episode boundaries, returns, summary statistics, D4RL-normalized scores and dataset summaries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { d4rlFamilyFromMetadata, d4rlFamilyOf, d4rlNormalizedScore } from "../../src/data/d4rlScores.js";
import { findEpisodeOffsets, makeDataset } from "../../src/data/dataset.js";
import { summarizeDataset } from "../../src/data/datasetSummary.js";
import { summaryStatistics } from "../../src/data/episodes.js";

test("episode offsets: ends at terminals and timeouts, and at the last row", () => {
  const flags = (xs: number[]) => Uint8Array.from(xs);
  assert.deepEqual(
    Array.from(findEpisodeOffsets(flags([0, 1, 0, 0, 0]), flags([0, 0, 0, 1, 0]))),
    [0, 2, 4, 5],
  );
  assert.deepEqual(Array.from(findEpisodeOffsets(flags([0, 0, 1]), flags([0, 0, 1]))), [0, 3]);
  assert.deepEqual(Array.from(findEpisodeOffsets(flags([1]), flags([0]))), [0, 1]);
});

test("summary statistics use the population standard deviation", () => {
  assert.deepEqual(summaryStatistics([1, 2, 3, 4]), {
    count: 4,
    mean: 2.5,
    std: Math.sqrt(1.25),
    min: 1,
    max: 4,
  });
  assert.ok(Number.isNaN(summaryStatistics([]).mean));
});

test("D4RL-normalized scores: 0 at the random return, 100 at the expert return", () => {
  assert.equal(d4rlNormalizedScore("hopper", -20.272305), 0);
  assert.ok(Math.abs(d4rlNormalizedScore("hopper", 3234.3) - 100) < 1e-12);
  assert.ok(Math.abs(d4rlNormalizedScore("halfcheetah", 12135.0) - 100) < 1e-12);
  assert.ok(Math.abs(d4rlNormalizedScore("walker2d", (1.629008 + 4592.3) / 2) - 50) < 1e-9);
  assert.ok(Math.abs(d4rlNormalizedScore("ant", 3879.7) - 100) < 1e-12);
  assert.equal(d4rlNormalizedScore("antmaze", 0.5), 50);
});

test("env families are recognized in D4RL, Gymnasium and Minari names", () => {
  const cases: [string, string | null][] = [
    ["hopper-medium-v2", "hopper"],
    ["Hopper-v4", "hopper"],
    ["HalfCheetah-v5", "halfcheetah"],
    ["half_cheetah", "halfcheetah"],
    ["mujoco/walker2d/expert-v0", "walker2d"],
    ["ant-medium-replay-v2", "ant"],
    ["antmaze-umaze-v2", "antmaze"],
    ["kitchen-mixed-v0", "kitchen"],
    ["pendulum", null],
    ["elephant", null],
  ];
  for (const [name, family] of cases) assert.equal(d4rlFamilyOf(name), family, name);
  assert.equal(d4rlFamilyFromMetadata({ env_spec: '{"id": "Walker2d-v5"}' }), "walker2d");
  assert.equal(d4rlFamilyFromMetadata({ env: "ant-expert-v2", env_spec: '{"id": "Hopper-v5"}' }), "ant");
  assert.equal(d4rlFamilyFromMetadata({ seed: 3 }), null);
});

test("a summary's returns and normalized score are those of the episodes that ended", () => {
  const dataset = (terminals: number[], timeouts: number[]) =>
    makeDataset({
      obsDim: 1,
      actDim: 1,
      observations: new Float32Array(5),
      actions: new Float32Array(5),
      rewards: Float32Array.from([1, 2, 10, 20, 40]),
      terminals: Uint8Array.from(terminals),
      timeouts: Uint8Array.from(timeouts),
      metadata: { env: "hopper" },
    });
  const s = summarizeDataset(dataset([0, 1, 0, 0, 0], [0, 0, 0, 1, 0]));
  assert.deepEqual(s.episodes, { count: 3, terminal: 1, timeout: 1, unfinished: 1 });
  assert.deepEqual([s.episodeReturn.count, s.episodeReturn.mean], [2, 16.5]);
  assert.equal(s.normalizedReturn?.mean, d4rlNormalizedScore("hopper", 16.5));
  assert.equal(s.episodeLength.count, 3);
  const none = summarizeDataset(dataset([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]));
  assert.equal(none.episodeReturn.count, 0);
  assert.equal(none.normalizedReturn, null);
  assert.equal(none.normalizedReturnUnavailable, "no episode ended with a terminal or time-out");
});
