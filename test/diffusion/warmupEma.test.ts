// The EMA schedule follows ema_pytorch (as SynthER uses it): act every 10th step, copy up to step
// 100 and once after, then decay min(0.995, 1 - (1 + e)^(-2/3)).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { emaActionAt } from "../../src/diffusion/warmupEma.js";

describe("EMA warm-up schedule", () => {
  const s = parseDiffusionSettings({}).training;

  it("copies during warm-up, then averages with a growing decay capped at 0.995", () => {
    // Optimizer step t is ema_pytorch's update call number t - 1.
    assert.equal(emaActionAt(1, s), "copy");
    for (const t of [2, 5, 10, 12, 99]) assert.equal(emaActionAt(t, s), "skip");
    assert.equal(emaActionAt(11, s), "copy");
    assert.equal(emaActionAt(101, s), "copy");
    assert.equal(emaActionAt(111, s), "copy");
    assert.equal(emaActionAt(121, s), 1 - 21 ** (-2 / 3));
    assert.equal(emaActionAt(1001, s), 1 - 901 ** (-2 / 3));
    assert.equal(emaActionAt(100_001, s), 0.995);
    const decays = [121, 201, 501, 1001, 3001].map((t) => emaActionAt(t, s) as number);
    for (let i = 1; i < decays.length; i++) assert.ok(decays[i] > decays[i - 1]);
  });
});
