// `atradiff bench envs` building blocks: the shape of the result and the rate measurements.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatEnvBenchTable, measureEnvBench } from "../../../src/bench/envs/envBench.js";
import { median } from "../../../src/bench/median.js";

describe("env bench", () => {
  it("takes the median of odd and even counts", () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /median of no values/);
  });

  it("measures single, 2-thread and bare MuJoCo steps/s and the frame time per env, in the documented shape", async () => {
    const r = await measureEnvBench({ ids: ["hopper"], rounds: 1, roundMs: 40 });
    assert.deepEqual(Object.keys(r), ["stepsPerSec", "renderMs", "bareMujocoStepsPerSec", "stepsPerCpuSec"]);
    assert.deepEqual(Object.keys(r.stepsPerCpuSec.hopper), ["single", "envModel", "mujocoDefaults"]);
    for (const rate of Object.values(r.stepsPerCpuSec.hopper))
      assert.ok(Number.isInteger(rate) && rate > 10, `per CPU second ${rate}`);
    assert.deepEqual(Object.keys(r.bareMujocoStepsPerSec.hopper), ["envModel", "mujocoDefaults"]);
    for (const rate of Object.values(r.bareMujocoStepsPerSec.hopper))
      assert.ok(Number.isInteger(rate) && rate > 10, `bare ${rate}`);
    assert.deepEqual(Object.keys(r.stepsPerSec), ["hopper"]);
    assert.deepEqual(Object.keys(r.stepsPerSec.hopper), ["single", "vec2"]);
    const { single, vec2 } = r.stepsPerSec.hopper;
    // Any machine, even a busy one, steps a hopper more than 10 times a second and renders a frame in
    // under a second.
    assert.ok(Number.isInteger(single) && single > 10, `single ${single}`);
    assert.ok(Number.isInteger(vec2) && vec2 > 10, `vec2 ${vec2}`);
    assert.ok(r.renderMs.hopper > 0 && r.renderMs.hopper < 1000, `frame ${r.renderMs.hopper} ms`);
    const table = formatEnvBenchTable(r);
    const { envModel, mujocoDefaults } = r.bareMujocoStepsPerSec.hopper;
    assert.match(
      table,
      new RegExp(`^hopper\\s+${single}\\s+${vec2}\\s+\\S+\\s+${envModel}\\s+${mujocoDefaults}\\s`, "m"),
    );
    assert.match(table, /hopper single \d+ \(\d+ per CPU-second\) vs target >= 8000: (met|NOT met)/);
  });

  it("refuses a nonsense round count", async () => {
    await assert.rejects(
      measureEnvBench({ ids: ["hopper"], rounds: 0 }),
      /rounds must be a positive integer, got 0/,
    );
  });
});
