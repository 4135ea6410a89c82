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
    const never = 1e9; // no closing by age, no insertion by schedule: the queue bound alone
    const buffer = makeBuffer({
      rho: 0.5,
      generationBatchSize: 2,
      queueLength: 1,
      batchMaxAgeSteps: never,
      insertAfterSteps: never,
    });
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

  it("with the default settings puts every trajectory into D_s within 96 env steps of its request", () => {
    // rho 0.5, L 5: about one request per 5 stores, so full batches of 32 would take ~160 stores;
    // batches close after 64 stores instead and go into D_s 32 stores later.
    const buffer = makeBuffer({ rho: 0.5 });
    const rng = new Rng(13);
    const requestsAfter: number[] = [0];
    for (let t = 1; t <= 3000; t++) {
      storeReal(buffer, 1, rng);
      requestsAfter.push(buffer.requests);
      if (t >= 96) assert.ok(buffer.insertedTrajectories >= requestsAfter[t - 96], `store ${t}`);
    }
    const lag = buffer.lag;
    assert.equal(lag.trajectories, buffer.insertedTrajectories);
    assert.equal(lag.maxSteps, 96);
    assert.ok(lag.meanSteps > 32 + 20 && lag.meanSteps < 32 + 44, `mean lag ${lag.meanSteps}`);
  });

  for (const [batchMaxAgeSteps, insertAfterSteps, batchSize] of [
    [0, 0, 1],
    [0, 0, 32],
    [5, 0, 32],
    [3, 7, 4],
  ])
    it(`closes a batch when full or ${batchMaxAgeSteps} steps old and inserts it ${insertAfterSteps} steps later`, () => {
      const buffer = makeBuffer({
        rho: 0.5,
        generationBatchSize: batchSize,
        batchMaxAgeSteps,
        insertAfterSteps,
        queueLength: 100,
      });
      const rng = new Rng(14);
      const requestedAt: number[] = [];
      const lags: number[] = [];
      for (let t = 1; t <= 2000; t++) {
        const inserted = buffer.insertedTrajectories;
        const requests = buffer.requests;
        storeReal(buffer, 1, rng);
        for (let r = requests; r < buffer.requests; r++) requestedAt.push(t);
        for (let i = inserted; i < buffer.insertedTrajectories; i++) lags.push(t - requestedAt[i]);
      }
      assert.ok(lags.length > 300);
      assert.ok(Math.max(...lags) <= batchMaxAgeSteps + insertAfterSteps);
      // Batches close at the age limit, not only when full, so the first request of a batch waits it out.
      if (batchSize > 1) assert.equal(Math.max(...lags), batchMaxAgeSteps + insertAfterSteps);
      assert.equal(buffer.lag.maxSteps, Math.max(...lags));
      assert.ok(Math.abs(buffer.lag.meanSteps - lags.reduce((a, b) => a + b, 0) / lags.length) < 1e-9);
    });

  it("moves a request drawn at a terminal store to the next non-terminal one (same random stream)", () => {
    const literal = { rho: 0.5, generationBatchSize: 1, batchMaxAgeSteps: 0, insertAfterSteps: 0 };
    const a = makeBuffer(literal);
    const b = makeBuffer({ ...literal, skipTerminalStarts: false });
    for (let i = 0; i < 300; i++) {
      const terminal = i % 2 === 0;
      const nextObs = terminal ? [9, 9, 9] : [1, 1, 1];
      const t = { obs: [0, 0, 0], action: [0, 0], reward: 1, nextObs, terminal };
      a.store(t);
      b.store(t);
    }
    assert.ok(a.requests > 20);
    assert.equal(a.requests, b.requests, "the last store is not terminal: every drawn request is made");
    assert.equal(a.state.requestRng.s.join(), b.state.requestRng.s.join());
    const starts = (x: AugmentedReplayBuffer) =>
      Array.from({ length: x.synthetic.size }, (_, r) => x.synthetic.obs[r * OBS]);
    assert.ok(starts(b).includes(9));
    assert.ok(!starts(a).includes(9), "no trajectory starts at a terminal next state");
  });

  it("keeps |D_s| / |D_o| at rho / (1 - rho) with terminal transitions (short episodes)", () => {
    const rho = 0.5;
    const buffer = makeBuffer({ rho, syntheticCapacity: 500_000 });
    const rng = new Rng(15);
    const obs = new Float32Array(OBS);
    for (let i = 0; i < 40_000; i++) {
      const action = Float32Array.from({ length: ACT }, () => rng.uniformIn(-1, 1));
      const nextObs = obs.map((v, d) => v + (d < ACT ? action[d] : 0));
      // Episodes of 10 steps ending in a terminal state: 10% of the stores.
      buffer.store({ obs, action, reward: 1, nextObs, terminal: i % 10 === 9 });
      obs.set(i % 10 === 9 ? new Float32Array(OBS) : nextObs);
    }
    buffer.flush();
    const ratio = buffer.synthetic.size / buffer.real.size;
    assert.ok(Math.abs(ratio / (rho / (1 - rho)) - 1) < 0.04, `stored ratio ${ratio.toFixed(4)}`);
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
