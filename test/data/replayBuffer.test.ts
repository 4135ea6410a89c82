// The ring replay buffer: wrap-around, batch stores, terminal vs truncated, seeded sampling,
// filling from a dataset, and save/load with bit-identical continuation.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { ReplayBuffer, type TransitionColumns } from "../../src/data/replayBuffer.js";
import { loadReplayBuffer, loadReplayBufferInto, saveReplayBuffer } from "../../src/data/replayBufferFile.js";
import { transitionView } from "../../src/data/transitions.js";
import { Rng } from "../../src/engine/rng.js";
import { fixture, withTempDir } from "./dataTestHelpers.js";

function transition(i: number) {
  return {
    obs: [i, i + 0.5],
    action: [-i],
    reward: i * 10,
    nextObs: [i + 1, i + 1.5],
    terminal: i % 4 === 3,
    truncated: i % 5 === 4,
  };
}

function randomColumns(rng: Rng, count: number, obsDim: number, actDim: number): TransitionColumns {
  const flags = (p: number) => Float32Array.from({ length: count }, () => (rng.uniform() < p ? 1 : 0));
  return {
    obs: rng.fillGaussian(new Float32Array(count * obsDim)) as Float32Array,
    action: rng.fillGaussian(new Float32Array(count * actDim)) as Float32Array,
    reward: rng.fillGaussian(new Float32Array(count)) as Float32Array,
    nextObs: rng.fillGaussian(new Float32Array(count * obsDim)) as Float32Array,
    terminal: flags(0.1),
    truncated: flags(0.1),
  };
}

function assertSameBuffer(a: ReplayBuffer, b: ReplayBuffer): void {
  assert.deepEqual(b.state, a.state);
  for (const k of ["obs", "action", "reward", "nextObs", "terminal", "truncated"] as const)
    assert.deepEqual(b[k], a[k], k);
}

test("the ring wraps around: the newest transitions replace the oldest", () => {
  const buf = new ReplayBuffer(5, 2, 1);
  for (let i = 0; i < 7; i++) buf.store(transition(i));
  assert.equal(buf.size, 5);
  assert.deepEqual(buf.state, { size: 5, next: 2, totalStored: 7 });
  assert.deepEqual(Array.from(buf.reward), [50, 60, 20, 30, 40]);
  assert.deepEqual(Array.from(buf.obs), [5, 5.5, 6, 6.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  assert.deepEqual(Array.from(buf.nextObs.subarray(0, 2)), [6, 6.5]);
  assert.deepEqual(Array.from(buf.action), [-5, -6, -2, -3, -4]);
  // i = 3 terminal; i = 4 truncated; i = 3 is never also truncated.
  assert.deepEqual(Array.from(buf.terminal), [0, 0, 0, 1, 0]);
  assert.deepEqual(Array.from(buf.truncated), [0, 0, 0, 0, 1]);
});

test("storeBatch equals storing one by one, also across the wrap and beyond capacity", () => {
  const rng = new Rng(5);
  for (const counts of [[3, 4, 2], [9], [2, 20, 1], [0, 7]]) {
    const one = new ReplayBuffer(7, 3, 2);
    const many = new ReplayBuffer(7, 3, 2);
    for (const count of counts) {
      const c = randomColumns(rng, count, 3, 2);
      many.storeBatch(c);
      for (let i = 0; i < count; i++)
        one.store({
          obs: c.obs.subarray(i * 3, i * 3 + 3),
          action: c.action.subarray(i * 2, i * 2 + 2),
          reward: c.reward[i],
          nextObs: c.nextObs.subarray(i * 3, i * 3 + 3),
          terminal: c.terminal[i],
          truncated: c.truncated![i],
        });
    }
    assertSameBuffer(one, many);
  }
});

test("a time-out bootstraps, a terminal does not: the batch's terminal column is 1 only for terminals", () => {
  const buf = new ReplayBuffer(2, 1, 1);
  buf.store({ obs: [0], action: [0], reward: 0, nextObs: [1], terminal: false, truncated: true });
  buf.store({ obs: [1], action: [0], reward: 0, nextObs: [2], terminal: true, truncated: true });
  assert.deepEqual(Array.from(buf.terminal), [0, 1]);
  assert.deepEqual(Array.from(buf.truncated), [1, 0]);
  const batch = buf.sample(64, new Rng(0));
  for (let b = 0; b < 64; b++) assert.equal(batch.terminal[b], batch.obs[b] === 1 ? 1 : 0);
});

test("seeded sampling is reproducible, draws whole rows, reuses its arrays and covers the buffer uniformly", () => {
  const buf = new ReplayBuffer(10, 2, 1);
  for (let i = 0; i < 4; i++) buf.store(transition(i));
  const a = buf.sample(8, new Rng(42));
  const first = { obs: Array.from(a.obs), reward: Array.from(a.reward) };
  const b = buf.sample(8, new Rng(42));
  assert.equal(b, a, "the same preallocated batch is returned");
  assert.deepEqual(Array.from(b.obs), first.obs);
  assert.deepEqual(Array.from(b.reward), first.reward);
  const c = buf.sample(8, new Rng(43));
  assert.notDeepEqual(Array.from(c.reward), first.reward);
  const counts = [0, 0, 0, 0];
  const rng = new Rng(7);
  for (let rep = 0; rep < 1000; rep++) {
    const batch = buf.sample(40, rng);
    for (let k = 0; k < 40; k++) {
      const i = batch.obs[k * 2];
      assert.equal(batch.obs[k * 2 + 1], i + 0.5);
      assert.equal(batch.nextObs[k * 2], i + 1);
      assert.equal(batch.action[k], -i);
      assert.equal(batch.reward[k], i * 10);
      counts[i]++;
    }
  }
  // 40,000 draws over 4 rows: 10,000 each, standard deviation about 87.
  for (const n of counts) assert.ok(Math.abs(n - 10_000) < 500, `counts ${counts}`);
});

test("filling from a dataset's transition view stores every transition", async () => {
  const { dataset } = await readDatasetFile(fixture("d4rl-small.hdf5"));
  const view = transitionView(dataset);
  const buf = new ReplayBuffer(100, 3, 2);
  buf.storeTransitions(view);
  assert.equal(buf.size, 12);
  assert.deepEqual(buf.obs.subarray(0, 36), view.obs);
  assert.deepEqual(buf.nextObs.subarray(0, 36), view.nextObs);
  assert.deepEqual(Array.from(buf.terminal.subarray(0, 12)), [0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(buf.truncated.subarray(0, 12)), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.throws(
    () => new ReplayBuffer(10, 4, 2).storeTransitions(view),
    /observation\/action sizes 3\/2; the replay buffer holds 4\/2/,
  );
});

test("bad transitions and bad use are refused with one sentence", () => {
  const buf = new ReplayBuffer(3, 2, 1);
  assert.throws(() => buf.sample(4, new Rng(0)), /Cannot sample from an empty replay buffer/);
  assert.throws(
    () => buf.store({ ...transition(0), obs: [1, 2, 3] }),
    /A transition's obs has 3 values; the replay buffer expects 2/,
  );
  assert.throws(
    () => buf.store({ ...transition(0), nextObs: [1, Number.NaN] }),
    /nextObs\[1\] is NaN; the replay buffer only stores finite numbers/,
  );
  assert.throws(
    () => buf.store({ ...transition(0), reward: Number.POSITIVE_INFINITY }),
    /reward is Infinity/,
  );
  const c = randomColumns(new Rng(1), 2, 2, 1);
  c.terminal[1] = 0.5;
  assert.throws(() => buf.storeBatch(c), /Row 1 of the transitions' terminal holds 0.5; expected 0 or 1/);
  assert.equal(buf.size, 0, "nothing stored by a refused batch");
  assert.throws(() => new ReplayBuffer(0, 2, 1), /capacity must be a positive integer, got 0/);
  buf.store(transition(0));
  assert.throws(() => buf.sample(0, new Rng(0)), /batch size must be a positive integer, got 0/);
});

test("save/load round-trips the buffer and continues bit for bit", async () => {
  await withTempDir(async (dir) => {
    const rng = new Rng(9);
    const buf = new ReplayBuffer(50, 4, 2);
    buf.storeBatch(randomColumns(rng, 73, 4, 2)); // wrapped: next = 23
    const path = join(dir, "buffer.safetensors");
    saveReplayBuffer(path, buf);
    assert.deepEqual(readdirSync(dir), ["buffer.safetensors"]);
    const loaded = loadReplayBuffer(path);
    assertSameBuffer(buf, loaded);
    // Continue both with the same data and the same sampling stream.
    const more = randomColumns(rng, 30, 4, 2);
    const rngA = new Rng(3);
    const rngB = Rng.fromState(rngA.state);
    for (const b of [buf, loaded]) b.storeBatch(more);
    for (let step = 0; step < 5; step++) {
      const x = buf.sample(16, rngA);
      const y = loaded.sample(16, rngB);
      for (const k of ["obs", "action", "reward", "nextObs", "terminal"] as const)
        assert.deepEqual(y[k], x[k]);
    }
    assertSameBuffer(buf, loaded);
    // A partly filled buffer, loaded into an existing buffer of the same shape.
    const partial = new ReplayBuffer(50, 4, 2);
    partial.storeBatch(randomColumns(rng, 11, 4, 2));
    const partialPath = join(dir, "partial.safetensors");
    saveReplayBuffer(partialPath, partial);
    const target = new ReplayBuffer(50, 4, 2);
    loadReplayBufferInto(partialPath, target);
    assertSameBuffer(partial, target);
  });
});

test("saving never overwrites without force; broken buffer files are refused and leave the target unchanged", async () => {
  await withTempDir(async (dir) => {
    const buf = new ReplayBuffer(8, 2, 1);
    for (let i = 0; i < 5; i++) buf.store(transition(i));
    const path = join(dir, "buffer.safetensors");
    saveReplayBuffer(path, buf);
    assert.throws(
      () => saveReplayBuffer(path, buf),
      /already exists; refusing to overwrite it without the force option/,
    );
    buf.store(transition(5));
    saveReplayBuffer(path, buf, { force: true });
    assert.equal(loadReplayBuffer(path).size, 6);
    assert.throws(
      () => loadReplayBufferInto(path, new ReplayBuffer(5, 2, 1)),
      /holds capacity 8, sizes 2\/1; the buffer to fill has capacity 5/,
    );
    // Rows never overwritten fit a larger buffer, which then goes on filling in order.
    const larger = loadReplayBufferInto(path, new ReplayBuffer(9, 2, 1));
    assert.deepEqual(larger.state, { size: 6, next: 6, totalStored: 6 });
    assert.deepEqual(Array.from(larger.reward.subarray(0, 6)), Array.from(buf.reward.subarray(0, 6)));
    // A ring that has overwritten rows only fits its own capacity.
    for (let i = 6; i < 10; i++) buf.store(transition(i));
    const wrapped = join(dir, "wrapped.safetensors");
    saveReplayBuffer(wrapped, buf);
    assert.throws(
      () => loadReplayBufferInto(wrapped, new ReplayBuffer(20, 2, 1)),
      /holds capacity 8, sizes 2\/1; the buffer to fill has capacity 20/,
    );
    const bytes = readFileSync(path);
    const truncated = join(dir, "truncated.safetensors");
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10));
    const target = new ReplayBuffer(8, 2, 1);
    target.store(transition(9));
    assert.throws(
      () => loadReplayBufferInto(truncated, target),
      /truncated\.safetensors is not a valid safetensors file: tensor "truncated" ends at byte 192 of the data, but the data has 182 \(file truncated\?\)\.$/,
    );
    assert.deepEqual(target.state, { size: 1, next: 1, totalStored: 1 });
    assert.equal(target.reward[0], 90);
    const garbage = join(dir, "garbage.safetensors");
    writeFileSync(garbage, "not a buffer at all");
    assert.throws(() => loadReplayBuffer(garbage), /garbage\.safetensors is not a valid safetensors file: /);
    assert.throws(() => loadReplayBuffer(join(dir, "missing")), /cannot be read \(missing or not a file\)/);
  });
});
