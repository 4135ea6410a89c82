import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { makeEnv } from "../../src/envs/index.js";
import type { Env, EnvInfo } from "../../src/envs/types.js";
import type { BatchedEnv } from "../../src/envs/vector/batchedEnv.js";
import { SyncVectorEnv } from "../../src/envs/vector/syncVectorEnv.js";
import { VectorEnv } from "../../src/envs/vector/vectorEnv.js";

const ID = "hopper";
const N = 3;
const ACT = 3;
// Short episodes so that auto-resets happen often (random hopper actions also fall over).
const LIMIT = 12;
const STEPS = 40;

/** The bytes of a double array, so comparisons are bit for bit (NaN, -0 included). */
function bits(a: ArrayLike<number>): number[] {
  return [...new Uint8Array(Float64Array.from(a).buffer)];
}

interface Row {
  obs: Float64Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  finalObs?: Float64Array;
  finalInfo?: EnvInfo;
}

/** N plain envs stepped one by one, resetting by hand: what a vector env must reproduce. */
function sequentialRollout(
  envs: Env[],
  seed: number,
  actions: Float64Array[],
): { first: Float64Array[]; steps: Row[][] } {
  const first = envs.map((env, i) => env.reset({ seed: seed + i }).obs);
  const steps = actions.map((a) =>
    envs.map((env, i): Row => {
      const r = env.step(a.subarray(i * ACT, (i + 1) * ACT));
      if (!r.terminated && !r.truncated)
        return { obs: r.obs, reward: r.reward, terminated: false, truncated: false };
      const next = env.reset();
      return { ...r, obs: next.obs, finalObs: r.obs, finalInfo: r.info };
    }),
  );
  return { first, steps };
}

function randomActions(seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from(
    { length: STEPS },
    () => rng.fillUniform(new Float64Array(N * ACT), -1, 1) as Float64Array,
  );
}

function assertMatches(
  vec: BatchedEnv,
  seed: number,
  reference: ReturnType<typeof sequentialRollout>,
  actions: Float64Array[],
) {
  const reset = vec.reset({ seed });
  assert.deepEqual(bits(reset.obs), bits(reference.first.flatMap((o) => [...o])));
  let ended = 0;
  actions.forEach((a, t) => {
    const r = vec.step(a);
    const want = reference.steps[t];
    assert.deepEqual(bits(r.obs), bits(want.flatMap((w) => [...w.obs])), `obs at step ${t}`);
    assert.deepEqual(bits(r.rewards), bits(want.map((w) => w.reward)), `rewards at step ${t}`);
    assert.deepEqual(
      r.terminated,
      want.map((w) => w.terminated),
    );
    assert.deepEqual(
      r.truncated,
      want.map((w) => w.truncated),
    );
    want.forEach((w, i) => {
      if (w.finalObs === undefined) {
        assert.equal(r.infos[i].finalObs, undefined);
        return;
      }
      ended++;
      assert.ok(r.infos[i].finalObs instanceof Float64Array);
      assert.deepEqual(
        bits(r.infos[i].finalObs as Float64Array),
        bits(w.finalObs),
        `finalObs of env ${i} at ${t}`,
      );
      assert.deepEqual(r.infos[i].finalInfo, w.finalInfo);
    });
  });
  assert.ok(ended >= N, `only ${ended} episodes ended; the test must cover auto-resets`);
}

describe("vector envs", () => {
  let plain: Env[];
  let vec: VectorEnv;
  let sync: SyncVectorEnv;
  before(async () => {
    plain = await Promise.all(Array.from({ length: N }, () => makeEnv(ID, { maxEpisodeSteps: LIMIT })));
    // 3 envs on 2 threads: the calling thread steps two, a worker one, so the block split is exercised too.
    vec = await VectorEnv.create(ID, N, { numThreads: 2, makeOptions: { maxEpisodeSteps: LIMIT } });
    sync = await SyncVectorEnv.create(ID, N, { maxEpisodeSteps: LIMIT });
  });
  after(() => {
    for (const env of plain) env.close();
    vec.close();
    sync.close();
  });

  it("describe one env's spaces and the count", () => {
    for (const v of [vec, sync]) {
      assert.equal(v.numEnvs, N);
      assert.deepEqual(v.observationSpace.shape, [11]);
      assert.deepEqual(v.actionSpace.shape, [ACT]);
      assert.equal(v.maxEpisodeSteps, LIMIT);
    }
    assert.equal(vec.numThreads, 2);
    assert.equal(vec.numWorkers, 1);
  });

  it("give bit for bit what N sequential envs seeded seed + i give, auto-resets included", () => {
    const actions = randomActions(11);
    const reference = sequentialRollout(plain, 100, actions);
    assertMatches(sync, 100, reference, actions);
    assertMatches(vec, 100, reference, actions);
  });

  it("continue every env's random stream on reset without a seed", () => {
    vec.reset({ seed: 7 });
    sync.reset({ seed: 7 });
    const a = vec.reset();
    const b = sync.reset();
    assert.deepEqual(bits(a.obs), bits(b.obs));
    assert.deepEqual(a.infos, b.infos);
    const c = vec.reset({ seed: 7 });
    assert.notDeepEqual(bits(a.obs), bits(c.obs));
  });

  it("refuse a batch of the wrong size and report an env's error from its thread", () => {
    vec.reset({ seed: 0 });
    assert.throws(() => vec.step(new Float64Array(N * ACT - 1)), /needs 3 x 3 = 9 action numbers, got 8/);
    assert.throws(() => sync.step([1, 2]), /needs 3 x 3 = 9 action numbers, got 2/);
    const bad = new Float64Array(N * ACT);
    bad[4] = Number.NaN; // env 1, on the calling thread
    assert.throws(
      () => vec.step(bad),
      /the calling thread: hopper: an action must have shape \[3\] with finite numbers, got NaN at index 1/,
    );
    bad.fill(0);
    bad[8] = Number.POSITIVE_INFINITY; // env 2, on worker 0
    assert.throws(
      () => vec.step(bad),
      /worker 0: hopper: an action must have shape \[3\] with finite numbers, got Infinity at index 2/,
    );
  });
});

describe("VectorEnv lifecycle", () => {
  it("fails to start with the registry's message for an unknown id", async () => {
    await assert.rejects(
      VectorEnv.create("no-such-env", 2, { preloadMujoco: false }),
      /Unknown environment "no-such-env"/,
    );
  });

  it("refuses bad sizes", async () => {
    await assert.rejects(VectorEnv.create(ID, 0), /numEnvs must be a positive integer, got 0/);
    await assert.rejects(SyncVectorEnv.create(ID, 1.5), /numEnvs must be a positive integer, got 1.5/);
  });

  it("cannot be used after close, and closing twice is harmless", async () => {
    const v = await VectorEnv.create("pendulum", 2, { preloadMujoco: false });
    v.reset({ seed: 1 });
    v.step(new Float64Array(2));
    v.close();
    v.close();
    assert.throws(() => v.step(new Float64Array(2)), /pendulum: this VectorEnv is closed/);
  });
});
