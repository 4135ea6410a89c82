// One way to train a generator (generatorTraining.ts): the in-memory entry point (trainGenerator) and
// the resumable one (runDiffuserTraining, `atradiff diffuser train`) give the same generator, byte
// for byte in every saved file, for the same data and settings, whatever the save interval.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadGenerator, saveGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import {
  type GeneratorSettingsInput,
  parseGeneratorSettings,
} from "../../src/atradiff/generator/generatorSettings.js";
import { runDiffuserTraining } from "../../src/atradiff/training/generatorTrainingRun.js";
import { trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { ProgressBoard } from "../../src/util/progress.js";
import { toyData, toyStarts } from "./toySystem.js";

const SETTINGS: GeneratorSettingsInput = {
  windowLengths: [4, 8],
  diffusion: {
    denoiser: { dimT: 32, width: 64, depth: 2 },
    training: { totalSteps: 30, batchSize: 32 },
    edm: { sampleSteps: 4 },
  },
  estimator: { hiddenSizes: [16], steps: 20 },
  plausibilityGate: { members: 2, hiddenSizes: [16], steps: 20 },
  pruner: { calibrationWindows: 8 },
  seed: 9,
};

const quietBoard = () =>
  new ProgressBoard({ tty: false, stream: { write: () => true } as unknown as NodeJS.WriteStream });

function sameFiles(a: string, b: string): void {
  const files = readdirSync(a).sort();
  assert.deepEqual(readdirSync(b).sort(), files);
  assert.ok(files.includes("plausibilityGate.safetensors"));
  for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
}

describe("one way to train a generator", () => {
  const dir = mkdtempSync(join(tmpdir(), "atradiff-training-"));
  const data = toyData(30, new Rng(1));
  const trainedOn = { dataset: "toy", transitions: data.episodes.reduce((n, e) => n + e.length, 0) };
  const settings = parseGeneratorSettings(SETTINGS);
  const run = async (outDir: string, chunkSteps: number) => {
    const { generator } = await runDiffuserTraining({
      data,
      datasetPath: "toy",
      datasetSha256: null,
      settings,
      outDir,
      force: false,
      chunkSteps,
      progress: quietBoard(),
    });
    generator.dispose();
  };

  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("the same settings give byte-identical generators from trainGenerator and the resumable training", async () => {
    const starts = toyStarts(20, new Rng(2)).states;
    const { generator } = trainGenerator(data, SETTINGS);
    let generated: ReturnType<typeof generator.generate>;
    try {
      generated = generator.generate(starts, { rng: new Rng(3) });
      saveGenerator(generator, join(dir, "in-memory"), { trainedOn });
    } finally {
      generator.dispose();
    }
    await run(join(dir, "resumable"), 7);
    sameFiles(join(dir, "in-memory"), join(dir, "resumable"));
    // Loaded with its gate, it generates (and cuts) the same trajectories.
    const loaded = loadGenerator(join(dir, "resumable"));
    try {
      assert.ok(loaded.gate !== null);
      assert.deepEqual(loaded.generate(starts, { rng: new Rng(3) }), generated);
    } finally {
      loaded.dispose();
    }
  });

  it("the save interval does not change the generator (one batch stream per diffuser)", async () => {
    await run(join(dir, "resumable-25"), 25);
    sameFiles(join(dir, "resumable"), join(dir, "resumable-25"));
  });
});
