// ATraDiff §4.2, Algorithm 1: the stored ratio |D_s| / |D_o| tends to rho / (1 - rho), sampled
// batches take a rho share from D_s, synthetic terminal flags are kept, and the request batching
// is deterministic (worker-thread tests in workerGeneration.test.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AugmentedBufferSettingsInput } from "../../src/atradiff/augmented/augmentedBufferSettings.js";
import {
  AugmentedReplayBuffer,
  InThreadGeneration,
  measureExpectedLength,
  parseAugmentedBufferSettings,
} from "../../src/atradiff/augmented/index.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";
import { makeFakeGenerator } from "./fakeGenerator.js";

const OBS = 3;
const ACT = 2;
const MEAN_LENGTH = 5;

function makeBuffer(input: AugmentedBufferSettingsInput, seed = 1): AugmentedReplayBuffer {
  const settings = parseAugmentedBufferSettings(input);
  const source = makeFakeGenerator({ obsDim: OBS, actDim: ACT, meanLength: MEAN_LENGTH });
  return new AugmentedReplayBuffer({
    real: new ReplayBuffer(200_000, OBS, ACT),
    synthetic: new ReplayBuffer(settings.syntheticCapacity, OBS, ACT),
    settings,
    expectedLength: settings.expectedLength ?? MEAN_LENGTH,
    backend: new InThreadGeneration(source, seed),
    seed,
  });
}

/** A random walk whose transitions (reward +1) continue across calls. */
function randomWalk(rng: Rng): (buffer: AugmentedReplayBuffer, count: number) => void {
  const obs = new Float32Array(OBS);
  return (buffer, count) => storeWalk(buffer, count, rng, obs);
}

/** Stores `count` real transitions (reward +1) of a random walk. */
function storeReal(buffer: AugmentedReplayBuffer, count: number, rng: Rng): void {
  storeWalk(buffer, count, rng, new Float32Array(OBS));
}

function storeWalk(buffer: AugmentedReplayBuffer, count: number, rng: Rng, obs: Float32Array): void {
  for (let i = 0; i < count; i++) {
    const action = Float32Array.from({ length: ACT }, () => rng.uniformIn(-1, 1));
    const nextObs = obs.map((v, d) => v + (d < ACT ? action[d] : 0));
    buffer.store({ obs, action, reward: 1, nextObs, terminal: false });
    obs.set(nextObs);
  }
}

describe("augmented replay buffer (Algorithm 1)", () => {
  for (const rho of [0.25, 0.5, 0.75])
    it(`keeps |D_s| / |D_o| near rho / (1 - rho) for rho = ${rho}`, () => {
      const buffer = makeBuffer({ rho, generationBatchSize: 16, queueLength: 2, syntheticCapacity: 500_000 });
      storeReal(buffer, 40_000, new Rng(2));
      buffer.flush();
      const ratio = buffer.synthetic.size / buffer.real.size;
      const expected = rho / (1 - rho);
      assert.ok(
        Math.abs(ratio / expected - 1) < 0.04,
        `stored ratio ${ratio.toFixed(4)}, expected ${expected.toFixed(4)}`,
      );
      assert.ok(Math.abs(buffer.requests / 40_000 - buffer.requestProbability) < 0.01);
    });

  it("draws a rho share of each batch from D_s (binomial split), all from D_o while D_s is empty", () => {
    const rho = 0.3;
    const buffer = makeBuffer({ rho, generationBatchSize: 4, queueLength: 1 });
    storeReal(buffer, 3, new Rng(3));
    assert.equal(buffer.synthetic.size, 0);
    const rng = new Rng(4);
    const early = buffer.sample(64, rng);
    assert.ok(
      early.reward.every((r) => r === 1),
      "D_s is empty: every row is real",
    );
    storeReal(buffer, 5000, new Rng(5));
    let synthetic = 0;
    let rows = 0;
    const shares: number[] = [];
    for (let b = 0; b < 400; b++) {
      const batch = buffer.sample(128, rng);
      const s = batch.reward.reduce((n, r) => n + (r === -1 ? 1 : 0), 0);
      shares.push(s / 128);
      synthetic += s;
      rows += 128;
    }
    const share = synthetic / rows;
    assert.ok(Math.abs(share - rho) < 0.01, `synthetic share ${share}, expected ${rho}`);
    // A binomial split, not a fixed one: the per-batch share varies with sd sqrt(rho (1 - rho) / 128).
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / shares.length);
    const expectedSd = Math.sqrt((rho * (1 - rho)) / 128);
    assert.ok(Math.abs(sd / expectedSd - 1) < 0.2, `per-batch sd ${sd}, expected ${expectedSd}`);
  });

  it("keeps the terminal flags of generated trajectories and starts them at s'", () => {
    const buffer = makeBuffer({ rho: 0.5, generationBatchSize: 1, queueLength: 0 });
    const rng = new Rng(6);
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      const before = buffer.synthetic.size;
      const nextObs = Float32Array.from({ length: OBS }, () => rng.uniformIn(-5, 5));
      buffer.store({
        obs: new Float32Array(OBS),
        action: new Float32Array(ACT),
        reward: 1,
        nextObs,
        terminal: false,
      });
      const added = buffer.synthetic.size - before;
      if (added === 0) continue;
      found = true;
      // queueLength 0, batch size 1: the trajectory is in D_s when store returns, starting at s'.
      assert.deepEqual(buffer.synthetic.obs.slice(before * OBS, before * OBS + OBS), nextObs);
      const last = before + added - 1;
      assert.equal(buffer.synthetic.terminal[last], added % 2 === 1 ? 1 : 0);
      for (let j = before; j < last; j++) assert.equal(buffer.synthetic.terminal[j], 0);
    }
    assert.ok(found);
  });

  it("inserts a closed batch only when more than queueLength batches wait, in request order", () => {
    const buffer = makeBuffer({ rho: 0.5, generationBatchSize: 2, queueLength: 1 });
    const rng = new Rng(7);
    const insertedAt: number[] = [];
    let lastInserted = 0;
    for (let i = 0; i < 2000; i++) {
      storeReal(buffer, 1, rng);
      if (buffer.insertedTrajectories !== lastInserted) {
        insertedAt.push(buffer.requests);
        lastInserted = buffer.insertedTrajectories;
        // Batch j (requests 2j+1, 2j+2) goes in when batch j + 1 closes (request 2j + 4).
        assert.equal(buffer.requests, lastInserted + 2);
      }
    }
    assert.ok(insertedAt.length > 10);
  });

  it("skips requests from terminal next states without changing the random stream", () => {
    const a = makeBuffer({ rho: 0.5, generationBatchSize: 1, queueLength: 0 });
    const b = makeBuffer({ rho: 0.5, generationBatchSize: 1, queueLength: 0, skipTerminalStarts: false });
    for (let i = 0; i < 300; i++) {
      const t = { obs: [0, 0, 0], action: [0, 0], reward: 1, nextObs: [1, 1, 1], terminal: i % 2 === 0 };
      a.store(t);
      b.store(t);
    }
    assert.ok(b.requests > a.requests && a.requests > 0);
    assert.equal(a.state.requestRng.s.join(), b.state.requestRng.s.join());
  });

  it("continues identically after state / restore", () => {
    const reference = makeBuffer({ rho: 0.5, generationBatchSize: 3, queueLength: 2 });
    const first = makeBuffer({ rho: 0.5, generationBatchSize: 3, queueLength: 2 });
    randomWalk(new Rng(8))(reference, 1000);
    const walk = randomWalk(new Rng(8));
    walk(first, 500);
    const restored = makeBuffer({ rho: 0.5, generationBatchSize: 3, queueLength: 2 });
    restored.real.storeBatch(first.real, first.real.size);
    restored.synthetic.storeBatch(first.synthetic, first.synthetic.size);
    restored.restore(JSON.parse(JSON.stringify(first.state)));
    walk(restored, 500);
    assert.equal(restored.synthetic.size, reference.synthetic.size);
    assert.deepEqual(
      restored.synthetic.obs.subarray(0, restored.synthetic.size * OBS),
      reference.synthetic.obs.subarray(0, reference.synthetic.size * OBS),
    );
  });

  it("measures L as the mean generated length, and rejects rho / ((1 - rho) L) > 1", () => {
    const source = makeFakeGenerator({ obsDim: OBS, actDim: ACT, meanLength: MEAN_LENGTH });
    const L = measureExpectedLength(source, new Float32Array(4000 * OBS), new Rng(9));
    assert.ok(Math.abs(L - MEAN_LENGTH) < 0.15, `measured L ${L}`);
    assert.throws(() => makeBuffer({ rho: 0.9, expectedLength: 2 }), /exceeds 1 \(rho 0.9, L 2\)/);
    assert.throws(() => parseAugmentedBufferSettings({ rho: 1 }), /setting "rho" must be in \[0, 1\)/);
  });
});
