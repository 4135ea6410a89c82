// ATraDiff §4.2: generation in a worker thread gives the same D_s, store call by store call, as
// generation in the agent's thread for a seed, even when the worker is slower than the agent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AugmentedReplayBuffer,
  type GenerationBackend,
  InThreadGeneration,
  parseAugmentedBufferSettings,
  WorkerGeneration,
} from "../../src/atradiff/augmented/index.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";
import { type FakeGeneratorOptions, makeFakeGenerator } from "./fakeGenerator.js";

const OBS = 4;
const ACT = 2;
const SEED = 11;

/** Runs 3000 stores and 300 samples; returns D_s's size after every store and its final columns. */
function run(backend: GenerationBackend): {
  sizes: number[];
  obs: Float32Array;
  terminal: Float32Array;
  batches: number[];
} {
  const settings = parseAugmentedBufferSettings({ rho: 0.5, generationBatchSize: 8, queueLength: 2 });
  const buffer = new AugmentedReplayBuffer({
    real: new ReplayBuffer(10_000, OBS, ACT),
    synthetic: new ReplayBuffer(settings.syntheticCapacity, OBS, ACT),
    settings,
    expectedLength: 4,
    backend,
    seed: SEED,
  });
  const rng = new Rng(12);
  const sizes: number[] = [];
  const batches: number[] = [];
  const obs = new Float32Array(OBS);
  try {
    for (let i = 0; i < 3000; i++) {
      const action = Float32Array.from({ length: ACT }, () => rng.uniformIn(-1, 1));
      const nextObs = obs.map((v, d) => v + (d < ACT ? action[d] : 0.01));
      buffer.store({ obs, action, reward: 1, nextObs, terminal: false });
      obs.set(nextObs);
      sizes.push(buffer.synthetic.size);
      if (i % 10 === 9) batches.push(buffer.sample(32, rng).obs.reduce((a, b) => a + b, 0));
    }
    buffer.flush();
    sizes.push(buffer.synthetic.size);
    const n = buffer.synthetic.size;
    return {
      sizes,
      obs: buffer.synthetic.obs.slice(0, n * OBS),
      terminal: buffer.synthetic.terminal.slice(0, n),
      batches,
    };
  } finally {
    buffer.close();
  }
}

const moduleUrl = new URL("./fakeGenerator.js", import.meta.url).href;

function workerBackend(options: FakeGeneratorOptions): WorkerGeneration {
  return new WorkerGeneration({
    spec: { kind: "module", moduleUrl, exportName: "makeFakeGenerator", options },
    seed: SEED,
    obsDim: OBS,
    actDim: ACT,
  });
}

describe("worker-thread generation", () => {
  const fake = { obsDim: OBS, actDim: ACT, meanLength: 4 };
  const reference = run(new InThreadGeneration(makeFakeGenerator(fake), SEED));

  it("fills D_s exactly as in-thread generation does (sizes after every store, contents, sampled batches)", () => {
    const inWorker = run(workerBackend(fake));
    assert.ok(reference.sizes[reference.sizes.length - 1] > 1000);
    assert.deepEqual(inWorker.sizes, reference.sizes);
    assert.deepEqual(inWorker.obs, reference.obs);
    assert.deepEqual(inWorker.terminal, reference.terminal);
    assert.deepEqual(inWorker.batches, reference.batches);
  });

  it("stays identical when the worker is slower than the agent (the agent then waits)", () => {
    const inWorker = run(workerBackend({ ...fake, delayMs: 3 }));
    assert.deepEqual(inWorker.sizes, reference.sizes);
    assert.deepEqual(inWorker.obs, reference.obs);
  });

  it("reports a generator that fails in the worker with one sentence", () => {
    const backend = new WorkerGeneration({
      spec: { kind: "module", moduleUrl, exportName: "noSuchExport" },
      seed: SEED,
      obsDim: OBS,
      actDim: ACT,
    });
    try {
      backend.submit(0, new Float32Array(OBS));
      assert.throws(
        () => backend.take(0),
        /failed on request batch 0: .*exports no function named noSuchExport/,
      );
    } finally {
      backend.close();
    }
  });

  for (const how of ["exit", "uncaught"] as const)
    it(`reports a worker thread that dies (${how}) with one sentence naming the source, at once`, () => {
      const backend = new WorkerGeneration({
        spec: {
          kind: "module",
          moduleUrl,
          exportName: "makeFakeGenerator",
          options: { ...fake, crash: { atCall: 2, how } },
        },
        seed: SEED,
        obsDim: OBS,
        actDim: ACT,
        label: "the generator in /runs/x/generator",
        timeoutMs: 20_000,
      });
      try {
        backend.submit(0, new Float32Array(OBS));
        assert.equal(backend.take(0).length, 1);
        const started = Date.now();
        backend.submit(1, new Float32Array(OBS));
        const expected =
          how === "exit"
            ? /The generator worker for the generator in \/runs\/x\/generator stopped: its thread exited with code 3 \(generating request batch 1\)\.$/
            : /The generator worker for the generator in \/runs\/x\/generator stopped: the fake generator crashed\.$/;
        // The worker may die before or after batch 2 is submitted (the two threads race): the
        // submit or the take reports it. With "uncaught" batch 1 itself comes back before the crash.
        assert.throws(() => {
          backend.submit(2, new Float32Array(OBS));
          if (how === "uncaught") assert.equal(backend.take(1).length, 1);
          backend.take(2);
        }, expected);
        assert.ok(Date.now() - started < 10_000, "no wait for the timeout");
        assert.throws(() => backend.submit(3, new Float32Array(OBS)), expected);
      } finally {
        backend.close();
      }
    });
});
