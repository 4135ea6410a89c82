// Settings given that a run would not read are refused with one sentence; defaults repeated (a
// copied config.json) are not.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSettingsApply } from "../../src/experiments/job/inapplicableSettings.js";
import { trainConfigSchema } from "../../src/experiments/job/runConfig.js";

const key = (k: string) => `"${k}"`;

describe("settings that do not apply", () => {
  it("a copied config.json, every default filled in, fits another augmentation", () => {
    const copied = trainConfigSchema.parse({ agent: "sac", env: "hopper", steps: 10, seeds: [0] });
    for (const augment of ["none", "atradiff", "synther", "s4rl"] as const)
      checkSettingsApply(copied, { mode: "online", augment, adapt: "none" }, key);
  });

  it("names the first setting that the mode, augmentation or adaptation would not read", () => {
    const offline = { mode: "offline", augment: "synther", adapt: "none" } as const;
    assert.throws(
      () => checkSettingsApply({ bufferCapacity: 1000 }, offline, key),
      /^Error: "bufferCapacity" applies only in the online modes \(this run: --mode offline/,
    );
    assert.throws(
      () =>
        checkSettingsApply({ augmentSettings: { synther: { model: {}, retrainEvery: 5000 } } }, offline, key),
      /^Error: "augmentSettings\.synther\.retrainEvery" applies only in the online modes/,
    );
    assert.throws(
      () =>
        checkSettingsApply(
          { augmentSettings: { upsampleTo: 100 } },
          { mode: "online", augment: "synther", adapt: "none" },
          key,
        ),
      /"augmentSettings\.upsampleTo" applies only in --mode offline with --augment atradiff or synther/,
    );
    // What applies passes: SynthER's settings on a SynthER run, the upsampling offline.
    checkSettingsApply(
      { augmentSettings: { synther: { syntheticSize: 10 } } },
      { ...offline, mode: "online" },
      key,
    );
    checkSettingsApply({ augmentSettings: { upsampleTo: 100, synther: { model: { x: 1 } } } }, offline, key);
  });
});
