// `atradiff bench diffusion` at a tiny scale: every measurement is there and finite, real held-out
// transitions replay with ~0 error, and a missing default dataset names the build command.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { benchDatasetFile, measureAtradiffBench } from "../../src/atradiff/bench/atradiffBench.js";
import { writeHopperDataset } from "./hopperDataset.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-bench-"));
after(() => rmSync(base, { recursive: true, force: true }));

describe("atradiff bench diffusion", () => {
  it("measures speed, estimator and pruner errors, and fidelity on a tiny hopper dataset", async () => {
    const file = join(base, "hopper.hdf5");
    await writeHopperDataset(file, 10, 40, 2);
    const r = await measureAtradiffBench({
      dataset: file,
      lengths: [5, 10],
      steps: 20,
      width: 32,
      depth: 1,
      dimT: 16,
      estimatorSteps: 20,
      samples: 8,
      samplerSteps: [16, 8],
      heldOut: 0.2,
    });
    assert.equal(r.env, "hopper");
    assert.equal(r.heldOutEpisodes, 2);
    assert.ok(r.trainStepsPerSec > 0);
    for (const k of [5, 10]) for (const s of [16, 8]) assert.ok(r.trajectoriesPerSec[k][s] > 0);
    assert.ok(Number.isFinite(r.estimator.meanAbsoluteError));
    assert.ok(r.fidelity.real.stateNmseExactStarts < 1e-6, `${r.fidelity.real.stateNmseExactStarts}`);
    assert.ok(r.fidelity.atradiff.count > 0 && Number.isFinite(r.fidelity.atradiff.stateNmse));
    assert.equal(r.fidelity.synther.count, r.fidelity.atradiff.count);
  });

  it("without hopper-medium or hopper-random it names the build command", () => {
    const saved = process.env.ATRADIFF_DATA;
    process.env.ATRADIFF_DATA = join(base, "empty");
    try {
      assert.throws(() => benchDatasetFile(undefined), /atradiff dataset build hopper-medium/);
    } finally {
      if (saved === undefined) delete process.env.ATRADIFF_DATA;
      else process.env.ATRADIFF_DATA = saved;
    }
  });
});
