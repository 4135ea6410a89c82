// The D4RL-conventions check finds each kind of violation (and none in a conforming dataset).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DatasetColumns, makeDataset } from "../../src/data/dataset.js";
import { checkD4rlConventions } from "../../src/datasets/d4rlConventions.js";

const LIMIT = 4;

/** Episodes of the given lengths and end flags ("T" terminal, "O" timeout, "-" none), chained rows. */
function dataset(episodes: [number, "T" | "O" | "-"][], change: (c: DatasetColumns) => void = () => {}) {
  const size = episodes.reduce((n, [len]) => n + len, 0);
  const observations = new Float32Array(size);
  const nextObservations = new Float32Array(size);
  const terminals = new Uint8Array(size);
  const timeouts = new Uint8Array(size);
  let row = 0;
  for (const [e, [len, flag]] of episodes.entries())
    for (let t = 0; t < len; t++, row++) {
      observations[row] = e * 100 + t;
      nextObservations[row] = e * 100 + t + 1;
      if (t === len - 1 && flag === "T") terminals[row] = 1;
      if (t === len - 1 && flag === "O") timeouts[row] = 1;
    }
  const columns: DatasetColumns = {
    obsDim: 1,
    actDim: 1,
    observations,
    actions: new Float32Array(size),
    rewards: new Float32Array(size),
    terminals,
    timeouts,
    nextObservations,
    qpos: { values: new Float64Array(size * 2), cols: 2 },
    qvel: { values: new Float64Array(size), cols: 1 },
  };
  change(columns);
  return makeDataset(columns);
}

const check = (d: ReturnType<typeof dataset>, envTerminates = true) =>
  checkD4rlConventions(d, { timeLimit: LIMIT, envTerminates });

describe("D4RL conventions", () => {
  it("a conforming dataset has no violation, and its episodes are counted", () => {
    const r = check(
      dataset([
        [2, "T"],
        [4, "O"],
        [3, "T"],
        [2, "-"],
      ]),
    );
    assert.deepEqual(r.violations, []);
    assert.deepEqual(
      { ...r, violations: undefined },
      {
        violations: undefined,
        episodes: 4,
        terminals: 2,
        timeouts: 1,
        fullLength: 1,
      },
    );
  });

  it("a timeout before the limit is a violation", () => {
    assert.deepEqual(check(dataset([[3, "O"]])).violations, [
      "Row 2 is a timeout after 3 steps, not at the 4-step limit.",
    ]);
  });

  it("an episode past the limit, or a missed timeout (two episodes merged), is a violation", () => {
    assert.deepEqual(check(dataset([[5, "T"]])).violations, [
      "The episode starting at row 0 runs 5 steps, past the 4-step limit.",
    ]);
    const merged = check(
      dataset([
        [4, "-"],
        [1, "T"],
      ]),
    );
    assert.deepEqual(merged.violations, [
      "The episode starting at row 0 runs 5 steps, past the 4-step limit.",
      "Row 3's next observation is not row 4's observation, within one episode.",
    ]);
  });

  it("a terminal on an env that never terminates is a violation", () => {
    assert.match(check(dataset([[2, "T"]]), false).violations[0], /never terminates/);
    assert.deepEqual(check(dataset([[4, "O"]]), false).violations, []);
  });

  it("a reset within an episode (rows that do not chain) is a violation", () => {
    const d = dataset([[3, "T"]], (c) => {
      c.observations[2] = 42;
    });
    assert.deepEqual(check(d).violations, [
      "Row 1's next observation is not row 2's observation, within one episode.",
    ]);
  });

  it("missing infos/qpos or infos/qvel is a violation", () => {
    const d = dataset([[2, "T"]], (c) => {
      c.qpos = null;
      c.qvel = null;
    });
    assert.deepEqual(check(d).violations, [
      "infos/qpos is missing or does not have one row per step.",
      "infos/qvel is missing or does not have one row per step.",
    ]);
  });
});
