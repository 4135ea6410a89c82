// Loading in a browser, checked in Node (the same code runs there): the engine made from given
// kernel binaries, and a generator made from its files' bytes. Bad input fails in one sentence.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isGeneratorFile, loadGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import { generatorFromFiles } from "../../src/atradiff/generator/generatorManifest.js";
import { initEngine } from "../../src/engine/browserEngine.js";
import { closeEngine } from "../../src/engine/engineInstance.js";
import { matmul } from "../../src/engine/ops/matmul.js";
import { Rng } from "../../src/engine/rng.js";
import { Tensor } from "../../src/engine/tensor.js";
import { writeTinyPendulumGenerator } from "../experiments/tinyGenerator.js";
import { tempDirMaker } from "../tempDirs.js";

const wasmDir = fileURLToPath(new URL("../../wasm/", import.meta.url));
const kernel = (name: string) => new Uint8Array(readFileSync(join(wasmDir, `${name}.wasm`)));
const tempDir = tempDirMaker("browser-loading");

describe("the browser's engine and generator loading", () => {
  after(closeEngine);

  it("refuses to start without kernel binaries, and refuses a threaded (shared-memory) build", async () => {
    await assert.rejects(
      initEngine(undefined as never),
      /^Error: In a browser the engine needs its kernel binaries: initEngine\(\{ kernels:/,
    );
    await assert.rejects(
      initEngine({ kernels: { simd: kernel("kernels-simd-shared") }, relaxedSimd: false }),
      /The kernels-simd kernel binary does not fit this engine .*give the unshared kernels-simd\.wasm/,
    );
    await assert.rejects(
      initEngine({ kernels: {} }),
      /None of the given kernel binaries runs in this browser/,
    );
  });

  it("makes a one-thread WebAssembly engine from the given bytes that computes", async () => {
    const e = await initEngine({ kernels: { simd: kernel("kernels-simd") }, relaxedSimd: false });
    assert.deepEqual([e.backend, e.threads, e.relaxedSimd], ["wasm", 1, false]);
    const a = Tensor.fromArray([1, 2, 3, 4], [2, 2]);
    assert.deepEqual(Array.from(matmul(a, a).toArray()), [7, 10, 15, 22]);
  });

  it("loads a generator from its files' bytes that samples as the one loaded from its directory", async () => {
    const dir = join(tempDir(), "generator");
    await writeTinyPendulumGenerator(join(tempDir(), "pendulum.hdf5"), dir);
    const files = new Map(
      readdirSync(dir)
        .filter(isGeneratorFile)
        .map((n) => [n, readFileSync(join(dir, n))]),
    );
    const fromFiles = generatorFromFiles(files, "tiny");
    const fromDir = loadGenerator(dir);
    try {
      const starts = Float32Array.from([1, 0, 0.5, 0, 1, -0.25]);
      assert.deepEqual(
        fromFiles.generate(starts, { rng: new Rng(4) }),
        fromDir.generate(starts, { rng: new Rng(4) }),
      );
    } finally {
      fromFiles.dispose();
      fromDir.dispose();
    }
    const estimator = readdirSync(dir).find((n) => n.startsWith("lengthEstimator"))!;
    const withoutEstimator = new Map([...files].filter(([n]) => n !== estimator));
    assert.throws(
      () => generatorFromFiles(withoutEstimator, "tiny"),
      /^Error: "estimator" in tiny\/manifest\.json is "lengthEstimator\.safetensors", but no such file was given\.$/,
    );
    assert.throws(
      () => generatorFromFiles({}, "tiny"),
      /^Error: The files of tiny have no manifest\.json\.$/,
    );
  });
});
