// RLPD's symmetric sampling: every batch half offline, half online, drawn reproducibly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";
import { MixedBatchSampler } from "../../src/experiments/loops/mixedBatchSampler.js";

/** A buffer whose every row is recognizable: obs = [tag, i], reward = tag, terminal = i odd. */
function taggedBuffer(tag: number, rows: number): ReplayBuffer {
  const b = new ReplayBuffer(rows, 2, 1);
  for (let i = 0; i < rows; i++)
    b.store({ obs: [tag, i], action: [tag / 10], reward: tag, nextObs: [tag, i + 1], terminal: i % 2 === 1 });
  return b;
}

describe("MixedBatchSampler", () => {
  it("fills the first half of each batch from the offline data and the second from the online data", () => {
    const sampler = new MixedBatchSampler(taggedBuffer(1, 50), taggedBuffer(2, 7));
    const batch = sampler.sample(256, new Rng(0));
    assert.equal(batch.size, 256);
    for (let r = 0; r < 256; r++) {
      const tag = r < 128 ? 1 : 2;
      assert.equal(batch.reward[r], tag, `row ${r}`);
      assert.equal(batch.obs[2 * r], tag);
      assert.equal(batch.action[r], Math.fround(tag / 10));
      // Columns stay aligned: next obs and terminal belong to the same stored row as obs.
      const i = batch.obs[2 * r + 1];
      assert.equal(batch.nextObs[2 * r + 1], i + 1);
      assert.equal(batch.terminal[r], i % 2 === 1 ? 1 : 0);
    }
    const onlineRows = new Set(Array.from({ length: 128 }, (_, k) => batch.obs[2 * (128 + k) + 1]));
    assert.equal(onlineRows.size, 7, "every online row is drawn in a 128-row half");
  });

  it("gives the extra row of an odd batch to the online data, and repeats itself with the same seed", () => {
    const sampler = new MixedBatchSampler(taggedBuffer(1, 20), taggedBuffer(2, 20));
    const a = sampler.sample(9, new Rng(4));
    assert.deepEqual(Array.from(a.reward), [1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const again = sampler.sample(9, new Rng(4));
    assert.deepEqual(again.obs, a.obs);
    const other = sampler.sample(9, new Rng(5));
    assert.notDeepEqual(other.obs, a.obs);
  });

  it("refuses mismatched sizes, a batch of one and a single source for both halves", () => {
    const offline = taggedBuffer(1, 5);
    const wide = new ReplayBuffer(5, 3, 1);
    wide.store({ obs: [0, 0, 0], action: [0], reward: 0, nextObs: [0, 0, 0], terminal: false });
    assert.throws(
      () => new MixedBatchSampler(offline, wide).sample(4, new Rng(0)),
      /offline data has observation\/action sizes 2\/1 but the online data has 3\/1/,
    );
    assert.throws(
      () => new MixedBatchSampler(offline, taggedBuffer(2, 5)).sample(1, new Rng(0)),
      /at least 2/,
    );
    assert.throws(() => new MixedBatchSampler(offline, offline), /two different sources/);
  });
});
