// `atradiff bench diffusion` at a tiny scale: every measurement is there and finite, real held-out
// transitions replay with ~0 error, --single adds a single-diffuser block without changing the
// set's numbers, and a missing default dataset names the build command.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { benchDatasetFile, measureAtradiffBench } from "../../../src/bench/diffusion/atradiffBench.js";
import { formatAtradiffBench } from "../../../src/bench/diffusion/runAtradiffBench.js";
import { writeHopperDataset } from "../../diffuserCli/hopperDataset.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-bench-"));
after(() => rmSync(base, { recursive: true, force: true }));

describe("atradiff bench diffusion", () => {
  it("measures speed, estimator and pruner errors, and fidelity on a tiny hopper dataset; resumes from its work directory", async () => {
    const file = join(base, "hopper.hdf5");
    await writeHopperDataset(file, 10, 40, 2);
    const workDir = join(base, "work");
    const options = {
      dataset: file,
      lengths: [5, 10],
      steps: 20,
      width: 32,
      depth: 1,
      dimT: 16,
      batch: 32,
      estimatorSteps: 20,
      gateSteps: 0, // the paper's generator: the counts below assume nothing is cut
      samples: 8,
      fidelityStarts: 8,
      samplerSteps: [16, 8],
      timedSteps: 2,
      heldOut: 0.2,
      workDir,
    };
    const r = await measureAtradiffBench(options);
    assert.equal(r.env, "hopper");
    assert.equal(r.heldOutEpisodes, 2);
    assert.deepEqual(r.trainedNow, { generator: true, synther: true });
    for (const k of [5, 10]) {
      assert.ok(r.trainingStepsPerSec.perWindowLength[k] > 0);
      for (const s of [16, 8]) assert.ok(r.trajectoriesPerSec[k][s] > 0);
      const perK = r.fidelity.perWindowLength[k];
      assert.ok(perK.count > 0);
      // Per position: every trajectory has a first transition, and the positions add up to all.
      assert.equal(perK.byPosition.count[0], 8);
      assert.ok(perK.byPosition.count.length <= k);
      assert.equal(
        perK.byPosition.count.reduce((a, b) => a + b, 0),
        perK.count,
      );
      assert.ok(perK.byPosition.stateNmse.every(Number.isFinite));
    }
    assert.ok(r.trainingStepsPerSec.synther > 0);
    // Window diffusers are fitted to their windows: k=10 rows of 10 x 16 + 11 values + 11 condition.
    assert.deepEqual(r.denoisers.k10, { dimT: 192, width: 192, depth: 1, inputWidth: 182 });
    assert.deepEqual(r.denoisers.synther, { dimT: 16, width: 32, depth: 1, inputWidth: 27 });
    assert.ok(Number.isFinite(r.estimator.meanAbsoluteError));
    assert.ok(r.fidelity.real.stateNmseExactStarts < 1e-6, `${r.fidelity.real.stateNmseExactStarts}`);
    for (const s of [16, 8]) {
      assert.ok(r.fidelity.atradiff[s].count > 0 && Number.isFinite(r.fidelity.atradiff[s].stateNmse));
      assert.equal(r.fidelity.synther[s].count, r.fidelity.atradiff[s].count);
      // No gate: every generated step kept; actions clipped where they left [-1, 1].
      assert.equal(r.fidelity.atradiff[s].beforeGate, null);
      assert.equal(r.fidelity.atradiff[s].keptShare, 1);
      const clipped = r.fidelity.atradiff[s].clippedActionShare;
      assert.ok(clipped >= 0 && clipped <= 1, `${clipped}`);
    }
    // A second run loads the trained models and measures the same fidelity.
    const again = await measureAtradiffBench(options);
    assert.deepEqual(again.trainedNow, { generator: false, synther: false });
    assert.deepEqual(again.fidelity, r.fidelity);
    assert.deepEqual(Object.keys(r.prunerCalibration), ["5", "10"]);
    assert.deepEqual(
      r.pruner.map((p) => p.windowLength),
      [5, 10],
    );
    assert.ok(
      r.pruner.some((p) => p.windows > 0),
      "the pruner is measured on some windows",
    );
    for (const p of r.pruner) assert.ok(p.windows === 0 || (p.exact >= 0 && p.exact <= 1), JSON.stringify(p));
    for (const k of [5, 10]) assert.ok(Number.isFinite(r.prunerThresholds[k]) && r.prunerThresholds[k] >= 0);
    assert.deepEqual(again.prunerCalibration, r.prunerCalibration);
    // A generator saved before calibrations were recorded is calibrated again, by the same rule
    // and draws as in training, and saved with the record.
    const manifestPath = join(workDir, "generator", "manifest.json");
    const { prunerCalibration: _recorded, ...older } = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(manifestPath, JSON.stringify({ ...older, prunerThresholds: { 5: 9, 10: 9 } }));
    const recalibrated = await measureAtradiffBench(options);
    assert.deepEqual(recalibrated.prunerCalibration, r.prunerCalibration);
    assert.deepEqual(recalibrated.prunerThresholds, r.prunerThresholds);
    assert.ok(JSON.parse(readFileSync(manifestPath, "utf8")).prunerCalibration);
    // --single: one length-conditioned k=10 diffuser next to the set, from the same start states;
    // the set's numbers are those of a run without it.
    assert.equal(r.single, undefined);
    const withSingle = await measureAtradiffBench({ ...options, single: true });
    for (const key of ["fidelity", "pruner", "estimator", "prunerThresholds", "prunerCalibration"] as const)
      assert.deepEqual(withSingle[key], r[key], key);
    const single = withSingle.single!;
    assert.equal(single.windowLength, 10);
    assert.equal(single.trainedNow, true);
    assert.equal(single.denoiser.inputWidth, r.denoisers.k10.inputWidth + 1, "the length condition");
    assert.ok(single.trainingStepsPerSec > 0);
    assert.deepEqual([single.trainingCost.single.models, single.trainingCost.single.totalSteps], [1, 20]);
    assert.deepEqual([single.trainingCost.set.models, single.trainingCost.set.totalSteps], [2, 40]);
    for (const s of [16, 8]) {
      assert.ok(single.trajectoriesPerSec[s] > 0);
      assert.ok(single.generateTrajectoriesPerSec.single[s] > 0);
      assert.ok(single.generateTrajectoriesPerSec.set[s] > 0);
      const f = single.fidelity[s];
      assert.ok(
        f.count > 0 && Number.isFinite(f.stateNmse) && Number.isFinite(f.rewardNmse),
        JSON.stringify(f),
      );
      assert.ok(f.meanLength >= 1 && f.meanLength <= 10, `${f.meanLength}`);
    }
    assert.equal(single.estimatorSameAsSet, true);
    assert.equal(single.pruner.windowLength, 10);
    assert.ok(single.pruner.windows > 0 && Number.isFinite(single.pruner.meanAbsoluteError));
    assert.ok(single.prunerThreshold >= 0);
    assert.ok(formatAtradiffBench(withSingle).includes("single diffuser (one length-conditioned k=10"));
    // A second run loads it and measures the same.
    const singleAgain = (await measureAtradiffBench({ ...options, single: true })).single!;
    assert.equal(singleAgain.trainedNow, false);
    assert.deepEqual(singleAgain.fidelity, single.fidelity);
    assert.deepEqual(singleAgain.pruner, single.pruner);
    await assert.rejects(
      measureAtradiffBench({ ...options, samplerSteps: [8, 8] }),
      /The sampler step counts must be distinct and at least one, got 8,8\./,
    );
    await assert.rejects(
      measureAtradiffBench({ ...options, steps: 30 }),
      /holds a generator trained with other settings; give the same options, another --work-dir, or --retrain/,
    );
    // The same settings on other data (a copy under another name): not the work directory's models.
    const other = join(base, "hopper-copy.hdf5");
    copyFileSync(file, other);
    await assert.rejects(
      measureAtradiffBench({ ...options, dataset: other }),
      /holds a generator trained on .*hopper\.hdf5 \(bench training split\), not on .*hopper-copy\.hdf5 \(bench training split\); give another --work-dir, or --retrain/,
    );
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
