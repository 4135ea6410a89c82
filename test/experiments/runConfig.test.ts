// Run settings: defaults, and one clear sentence for each kind of bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseSettings,
  runConfigSchema,
  seedConfig,
  trainConfigSchema,
} from "../../src/experiments/job/runConfig.js";

const inFile = (key: string) => `"${key}" in config.json`;
const good = { agent: "sac", env: "pendulum", steps: 1000, seeds: [0, 1] };

function message(input: unknown, schema = trainConfigSchema): string {
  try {
    parseSettings(schema, input, inFile);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected the settings to be refused");
}

describe("run config", () => {
  it("fills the documented defaults", () => {
    const c = parseSettings(trainConfigSchema, good, inFile);
    assert.equal(c.mode, "online");
    assert.equal(c.randomStartSteps, 5000);
    assert.equal(c.batchSize, 256);
    assert.equal(c.evalEvery, 5000);
    assert.equal(c.evalEpisodes, 10);
    assert.deepEqual(c.agentSettings, {});
    const one = seedConfig(c, 1);
    assert.equal(one.seed, 1);
    assert.equal("seeds" in one, false);
    assert.deepEqual(parseSettings(runConfigSchema, one, inFile), one);
  });

  it("names the setting, what was expected and what was given", () => {
    assert.equal(
      message({ ...good, steps: 1.5 }),
      `"steps" in config.json must be a positive integer, got 1.5.`,
    );
    assert.equal(
      message({ ...good, steps: "10" }),
      `"steps" in config.json must be a positive integer, got "10".`,
    );
    assert.equal(
      message({ ...good, agent: "ppo" }),
      `"agent" in config.json must be one of sac, redq, rlpd, td3bc, iql, bc, got "ppo".`,
    );
    assert.equal(
      message({ ...good, seeds: [0, 0] }),
      `"seeds" in config.json must be a list of distinct seeds, got [0,0].`,
    );
    assert.equal(
      message({ ...good, seeds: [0, -1] }),
      `"seeds.1" in config.json must be a non-negative integer, got -1.`,
    );
    assert.equal(
      message({ agent: "sac", env: "pendulum", seeds: [0] }),
      `"steps" in config.json is missing; expected a positive integer.`,
    );
    assert.equal(
      message({ ...good, evalEpisodes: 0 }),
      `"evalEpisodes" in config.json must be a positive integer, got 0.`,
    );
    assert.equal(
      message({ ...good, stepz: 3 }),
      `Unknown setting "stepz" in config.json; valid settings: adapt, agent, agentSettings, augment, augmentSettings, batchSize, bufferCapacity, checkpointEvery, dataset, env, evalEpisodes, evalEvery, generator, label, logEvery, maxEpisodeSteps, mode, preprocessing, randomStartSteps, seeds, steps.`,
    );
    assert.equal(
      message({ ...good, label: " " }),
      `"label" in config.json must be a non-empty name, got " ".`,
    );
    assert.equal(
      parseSettings(trainConfigSchema, { ...good, label: " sac (k<=15) " }, inFile).label,
      "sac (k<=15)",
    );
  });

  it("requires a dataset for the offline modes and an offline mode for dataset agents", () => {
    assert.equal(
      message({ ...good, mode: "offline" }),
      `"dataset" in config.json is missing; expected a dataset file for mode offline.`,
    );
    assert.equal(
      message({ ...good, agent: "iql" }),
      `"mode" in config.json must be offline or offline-to-online for agent iql, which learns from a dataset.`,
    );
    assert.equal(
      message({ ...good, agentSettings: { batchSize: 64 } }),
      `"agentSettings.batchSize" in config.json must be left out: the run setting batchSize (--batch-size) decides it, got 64.`,
    );
    assert.doesNotThrow(() =>
      parseSettings(trainConfigSchema, { ...good, agent: "iql", mode: "offline", dataset: "d.hdf5" }, inFile),
    );
  });
});
