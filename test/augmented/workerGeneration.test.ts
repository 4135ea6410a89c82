// ATraDiff §4.2: generation in a worker thread gives the same D_s, store call by store call, as
// generation in the agent's thread for a seed, even when the worker is slower than the agent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type GenerationBackend,
  InThreadGeneration,
  WorkerGeneration,
} from "../../src/atradiff/augmented/index.js";
import { runAugmented } from "./augmentedRun.js";
import { type FakeGeneratorOptions, makeFakeGenerator } from "./fakeGenerator.js";

const OBS = 4;
const ACT = 2;
const SEED = 11;

const run = (backend: GenerationBackend) => runAugmented(backend, SEED);

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
