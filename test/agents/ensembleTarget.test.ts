// The pieces of the soft Q target: drawing M of N critics, and the backup itself, by hand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sampleMembers, softBackup } from "../../src/agents/ensembleTarget.js";
import { Rng } from "../../src/engine/rng.js";

describe("sampleMembers", () => {
  it("draws M distinct members of N, each pair about equally often", () => {
    const rng = new Rng(1);
    const counts = new Map<string, number>();
    const draws = 9000;
    for (let i = 0; i < draws; i++) {
      const m = sampleMembers(rng, 10, 2);
      assert.equal(m.length, 2);
      assert.notEqual(m[0], m[1]);
      for (const k of m) assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
      const key = [...m].sort((a, b) => a - b).join(",");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // 45 unordered pairs, 200 expected each; a binomial sd is about 14.
    assert.equal(counts.size, 45);
    for (const [pair, c] of counts) assert.ok(c > 130 && c < 270, `pair ${pair} drawn ${c} times`);
  });

  it("takes every member, in order and without drawing, when M = N", () => {
    const rng = new Rng(2);
    const before = rng.state;
    assert.deepEqual(sampleMembers(rng, 2, 2), [0, 1]);
    assert.deepEqual(rng.state, before);
  });

  it("refuses impossible draws", () => {
    assert.throws(() => sampleMembers(new Rng(0), 2, 3), /Cannot draw 3 distinct critics out of 2/);
    assert.throws(() => sampleMembers(new Rng(0), 2, 0), /Cannot draw 0/);
  });
});

describe("softBackup", () => {
  it("computes r + gamma (1 - d) (Q' - alpha log pi) per transition", () => {
    const y = softBackup({
      reward: Float32Array.of(1, -2, 0.5),
      terminal: Float32Array.of(0, 1, 0),
      nextQ: Float32Array.of(10, 10, -4),
      nextLogProb: Float32Array.of(-1, 3, 2),
      gamma: 0.9,
      entropyCoef: 0.5,
    });
    // 1 + 0.9 (10 + 0.5); -2 (terminal); 0.5 + 0.9 (-4 - 1)
    assert.ok(Math.abs(y[0] - 10.45) < 1e-5);
    assert.equal(y[1], -2);
    assert.ok(Math.abs(y[2] - -4) < 1e-5);
  });

  it("leaves out the entropy term when entropyCoef is 0 (RLPD on AntMaze, TD3)", () => {
    const y = softBackup({
      reward: Float32Array.of(1),
      terminal: Float32Array.of(0),
      nextQ: Float32Array.of(2),
      gamma: 0.5,
    });
    assert.equal(y[0], 2);
  });
});
