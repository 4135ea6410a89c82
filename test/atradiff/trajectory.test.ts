// From a window to a trajectory (ATraDiff §4.1-4.2): reading the terminal step from the terminal
// channels, and cutting a window into chained transitions, the last one with its next state.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { terminalLength, windowToTrajectory } from "../../src/atradiff/windows/trajectory.js";
import { terminalOffset, windowWidth } from "../../src/atradiff/windows/windowLayout.js";

const layout = { obsDim: 1, actDim: 1, modelTerminals: true };

/** A window of k = flags.length steps, states 10, 20, ..., with these terminal channel values. */
function windowWithFlags(flags: number[]): Float32Array {
  const k = flags.length;
  const row = new Float32Array(windowWidth(layout, k));
  for (let j = 0; j <= k; j++) row[j * 4] = 10 * (j + 1);
  flags.forEach((f, j) => {
    row[terminalOffset(layout, j)] = f;
  });
  return row;
}

describe("terminal step from the terminal channels", () => {
  const cases: [number[], number][] = [
    [[0, 0, 0, 0], 0],
    [[0, 0, 1, 1], 3],
    [[0, 0, 0, 0.9], 4],
    [[1, 1, 1, 1], 1],
    [[0, 0.7, 0.2, 0.8], 2], // one low flag inside the run of raised ones
    [[0, 1, 0, 0], 0], // a lone raised flag the rest of the window contradicts
    [[0, 0, 1, 0], 0], // a tie between "ends at 3" and "no end" keeps the trajectory going
  ];
  for (const [flags, expected] of cases)
    it(`flags [${flags.join(", ")}] -> ${expected || "no terminal step"}`, () => {
      assert.equal(terminalLength(layout, flags.length, windowWithFlags(flags), 0.5), expected);
    });

  it("is 0 when terminals are not modelled", () => {
    assert.equal(
      terminalLength({ ...layout, modelTerminals: false }, 2, new Float32Array(7).fill(1), 0.5),
      0,
    );
  });
});

describe("window to trajectory", () => {
  it("keeps the first steps with their next states, flagging the last one terminal when asked", () => {
    // [s, a, r, d] x 3 steps, then s_4.
    const row = Float32Array.from([1, -1, 0.5, 0, 2, -2, 0.25, 0, 3, -3, 0.125, 1, 4]);
    const t = windowToTrajectory(layout, 3, row, 2, true, 2.5);
    assert.deepEqual(
      {
        size: t.size,
        obs: [...t.obs],
        action: [...t.action],
        reward: [...t.reward],
        nextObs: [...t.nextObs],
        terminal: [...t.terminal],
        windowLength: t.windowLength,
        estimatedLength: t.estimatedLength,
      },
      {
        size: 2,
        obs: [1, 2],
        action: [-1, -2],
        reward: [0.5, 0.25],
        nextObs: [2, 3],
        terminal: [0, 1],
        windowLength: 3,
        estimatedLength: 2.5,
      },
    );
    const whole = windowToTrajectory(layout, 3, row, 3, false, 3);
    assert.deepEqual([...whole.nextObs], [2, 3, 4]);
    assert.deepEqual([...whole.terminal], [0, 0, 0]);
    assert.throws(() => windowToTrajectory(layout, 3, row, 4, false, 3), /must keep 1 to 3 steps, got 4/);
  });
});
