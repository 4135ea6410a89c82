// A run records the identity (SHA-256 and size) of every input it depends on when it starts, and a
// resume refuses an input that changed since, in one sentence naming the input and the change.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type RunConfig, runConfigSchema } from "../../src/experiments/job/runConfig.js";
import { INPUTS_FILE, recordOrCheckRunInputs } from "../../src/experiments/job/runInputs.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("run-inputs");

function setup(): { seedDir: string; config: RunConfig; dataset: string; generator: string } {
  const root = tempDir();
  const seedDir = join(root, "seed-0");
  mkdirSync(seedDir);
  const dataset = join(root, "data.hdf5");
  writeFileSync(dataset, "dataset bytes, version 1");
  const generator = join(root, "generator");
  mkdirSync(generator);
  writeFileSync(join(generator, "manifest.json"), "{}");
  writeFileSync(join(generator, "diffuser-k5.safetensors"), "weights, version 1");
  const config = runConfigSchema.parse({
    agent: "sac",
    env: "hopper",
    mode: "offline-to-online",
    dataset,
    augment: "atradiff",
    generator,
    steps: 100,
    seed: 0,
  });
  return { seedDir, config, dataset, generator };
}

test("unchanged inputs resume; a copy or a touch is no change", () => {
  const { seedDir, config, dataset } = setup();
  recordOrCheckRunInputs(seedDir, config, false);
  const recorded = JSON.parse(readFileSync(join(seedDir, INPUTS_FILE), "utf8"));
  assert.deepEqual(
    recorded.map((r: { input: string }) => r.input),
    ["dataset", "generator"],
  );
  utimesSync(dataset, new Date(), new Date(Date.now() + 60_000));
  recordOrCheckRunInputs(seedDir, config, true);
});

test("a dataset changed between the kill and the resume is refused by name", () => {
  const { seedDir, config, dataset } = setup();
  recordOrCheckRunInputs(seedDir, config, false);
  writeFileSync(dataset, "dataset bytes, version 2"); // same size, other bytes
  assert.throws(
    () => recordOrCheckRunInputs(seedDir, config, true),
    /^Error: The dataset .*data\.hdf5 of the run .*seed-0 is not the one the run started with: its contents changed \(SHA-256 [0-9a-f]{12}\.\.\. when the run started, [0-9a-f]{12}\.\.\. now; still 24 bytes\); resume it with the original, or start a new run\.$/,
  );
});

test("a generator directory with a changed file is refused by name", () => {
  const { seedDir, config, generator } = setup();
  recordOrCheckRunInputs(seedDir, config, false);
  writeFileSync(join(generator, "diffuser-k5.safetensors"), "weights, version 2, longer");
  assert.throws(
    () => recordOrCheckRunInputs(seedDir, config, true),
    /The generator .*generator of the run .* is not the one the run started with: its contents changed \(.*; 20 bytes then, 28 now\)/,
  );
});

test("a config that names other inputs than the run started with is refused", () => {
  const { seedDir, config } = setup();
  const { generator: _, ...withoutGenerator } = config;
  recordOrCheckRunInputs(seedDir, { ...withoutGenerator, augment: "none" } as RunConfig, false);
  assert.throws(
    () => recordOrCheckRunInputs(seedDir, config, true),
    /The run .*seed-0 started without a generator, but its config now names .*generator; resume it with the inputs it started with\./,
  );
});
