// SAC's automatic temperature: the loss value and the direction of alpha's step, by hand, in both
// published forms of the loss.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EntropyTemperature, type TemperatureLoss } from "../../src/agents/entropyTemperature.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";

const LR = 0.01;

function temperature(loss: TemperatureLoss, learn = true): EntropyTemperature {
  return new EntropyTemperature({ initialTemperature: 0.5, targetEntropy: -1, lr: LR, loss, learn });
}

describe("EntropyTemperature", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it('"logAlpha" loss: -log(alpha) (mean log pi + H)', () => {
    const t = temperature("logAlpha");
    // mean log pi = 0.4: entropy -0.4, above the target -1.
    const loss = t.loss(0.4).item();
    assert.ok(Math.abs(loss - -Math.log(0.5) * (0.4 - 1)) < 1e-6, `loss ${loss}`);
    t.dispose();
  });

  it('"alpha" loss (RLPD): alpha (-mean log pi - H)', () => {
    const t = temperature("alpha");
    const loss = t.loss(0.4).item();
    assert.ok(Math.abs(loss - 0.5 * (-0.4 + 1)) < 1e-6, `loss ${loss}`);
    t.dispose();
  });

  for (const form of ["logAlpha", "alpha"] as const) {
    it(`${form}: entropy above the target lowers alpha, below raises it (Adam's first step is lr)`, () => {
      const high = temperature(form);
      high.update(0.4); // entropy -0.4 > -1
      assert.ok(Math.abs(Math.log(high.alpha) - (Math.log(0.5) - LR)) < 1e-6, `alpha ${high.alpha}`);
      const low = temperature(form);
      low.update(2); // entropy -2 < -1
      assert.ok(Math.abs(Math.log(low.alpha) - (Math.log(0.5) + LR)) < 1e-6, `alpha ${low.alpha}`);
      high.dispose();
      low.dispose();
    });
  }

  it("a fixed temperature does not move", () => {
    const t = temperature("logAlpha", false);
    t.update(5);
    assert.equal(t.alpha, Math.exp(Math.fround(Math.log(0.5))));
    t.dispose();
  });
});
