// States stored as changes (generator.stateEncoding "delta", stateDeltas.ts): encoding and decoding
// undo each other, the training batches carry the encoded rows, a generator trained with "delta"
// samples windows that start exactly at the given states and records its encoding, and the setting
// is validated with one sentence.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadGenerator, saveGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import { trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import { windowBatchesFor } from "../../src/atradiff/training/trainWindowDiffuser.js";
import {
  decodeStateDeltas,
  encodedWindowNormalizer,
  encodeStateDeltas,
  fitStateDeltaNormalizer,
} from "../../src/atradiff/windows/stateDeltas.js";
import { fitStepNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../src/atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { stateOffset, windowStates } from "../../src/atradiff/windows/windowLayout.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { TOY_OBS_DIM as O, toyData, toyStarts } from "./toySystem.js";

/** The toy data with every value moved to a multiple of 2^-12 (every difference representable). */
function onGrid(data: TrainingData): TrainingData {
  const snap = (v: Float32Array) => v.map((x) => Math.round(x * 4096) / 4096);
  return {
    ...data,
    episodes: data.episodes.map((e) => ({
      ...e,
      observations: snap(e.observations),
      finalObservation: snap(e.finalObservation),
    })),
  };
}

describe("state deltas", () => {
  const data = toyData(30, new Rng(1));

  it("decoding undoes encoding exactly, and only the states s_2 .. s_{k+1} change", () => {
    for (const k of [1, 4, 25]) {
      const windows = new TrainingWindows(onGrid(data), k, true);
      const rows = windows.materialize();
      const encoded = rows.slice();
      encodeStateDeltas(windows.layout, k, encoded, windows.count);
      const w = windows.width;
      for (let r = 0; r < windows.count; r++) {
        const states = windowStates(windows.layout, k, rows, r * w);
        const changes = windowStates(windows.layout, k, encoded, r * w);
        for (let i = 0; i < O; i++) assert.equal(changes[i], states[i], "s_1 stays absolute");
        for (let j = 1; j <= k; j++)
          for (let i = 0; i < O; i++)
            assert.equal(changes[j * O + i], states[j * O + i] - states[(j - 1) * O + i]);
      }
      const stateColumn = new Set<number>();
      for (let j = 0; j <= k; j++)
        for (let i = 0; i < O; i++) stateColumn.add(stateOffset(windows.layout, j) + i);
      for (let c = 0; c < rows.length; c++)
        if (!stateColumn.has(c % w)) assert.equal(encoded[c], rows[c], "actions, rewards and terminals stay");
      decodeStateDeltas(windows.layout, k, encoded, windows.count);
      assert.deepEqual(encoded, rows);
    }
  });

  it("on any float32 states a round trip is within one rounding of each state and its change (no drift)", () => {
    const rng = new Rng(2);
    const layout = { obsDim: 3, actDim: 1, modelTerminals: false };
    const k = 25;
    const w = (k + 1) * 3 + k * 2;
    const rows = new Float32Array(50 * w).map(() => rng.gaussian() * 10 ** rng.uniformIn(-3, 3));
    const back = rows.slice();
    encodeStateDeltas(layout, k, back, 50);
    const encoded = back.slice();
    decodeStateDeltas(layout, k, back, 50);
    for (let r = 0; r < 50; r++)
      for (let j = 0; j <= k; j++)
        for (let i = 0; i < 3; i++) {
          const at = r * w + stateOffset(layout, j) + i;
          const bound = j === 0 ? 0 : 2 ** -23 * (Math.abs(rows[at]) + Math.abs(encoded[at]));
          assert.ok(
            Math.abs(back[at] - rows[at]) <= bound,
            `row ${r}, state ${j}: ${back[at]} vs ${rows[at]}`,
          );
        }
  });

  it("the training batches hold encoded rows, standardized by the changes' own statistics", async () => {
    await initEngine({ threads: 1 });
    try {
      const layout = { obsDim: O, actDim: 1, modelTerminals: true };
      const deltas = fitStateDeltaNormalizer(data);
      const step = fitStepNormalizer(data);
      // The toy system moves q by -0.1 every step: its change has mean -0.1 and (almost) no spread.
      assert.ok(
        Math.abs(deltas.mean[1] + 0.1) < 1e-5 && deltas.std[1] < 1e-4,
        `${deltas.mean} ${deltas.std}`,
      );
      const norm = encodedWindowNormalizer("delta", step, deltas, layout, 4);
      assert.deepEqual(norm.std.subarray(0, O), step.std.subarray(0, O));
      assert.deepEqual(norm.std.subarray(stateOffset(layout, 2), stateOffset(layout, 2) + O), deltas.std);
      assert.deepEqual(
        norm.skipColumns,
        encodedWindowNormalizer("absolute", step, deltas, layout, 4).skipColumns,
      );
      assert.throws(
        () => encodedWindowNormalizer("delta", step, undefined, layout, 4),
        /stores states as changes needs the changes' statistics over the 2 state dimensions/,
      );
      const tiny = { denoiser: { temporal: { width: 8, depth: 1 } }, training: { batchSize: 16 } };
      const shape = { layout, windowLength: 4, promptDim: 0, lengthConditioned: false };
      const d = WindowDiffuser.create({ ...shape, stateEncoding: "delta" }, step, tiny, 1, {
        stateDeltas: deltas,
      });
      const old = WindowDiffuser.create(shape, step, tiny, 1);
      try {
        assert.equal(d.stateEncoding, "delta");
        assert.equal(old.stateEncoding, "absolute", "a shape without an encoding is absolute");
        // Checkpoints record "delta"; absolute ones stay as they were before the setting existed.
        const saved = (x: WindowDiffuser) => JSON.parse(x.toCheckpoint().metadata.shape);
        assert.equal(saved(d).stateEncoding, "delta");
        const reloaded = WindowDiffuser.fromCheckpoint(d.toCheckpoint(), "d");
        assert.equal(reloaded.stateEncoding, "delta");
        reloaded.dispose();
        const absolute = WindowDiffuser.create({ ...shape, stateEncoding: "absolute" }, step, tiny, 1);
        assert.deepEqual(saved(absolute), saved(old));
        assert.ok(!("stateEncoding" in saved(old)));
        absolute.dispose();
        const windows = new TrainingWindows(data, 4, true);
        const encoded = windowBatchesFor(d, windows, new Rng(3));
        const plain = windowBatchesFor(old, windows, new Rng(3));
        encoded.fill();
        plain.fill();
        const expected = plain.rows.slice();
        encodeStateDeltas(layout, 4, expected, plain.size);
        assert.deepEqual(encoded.rows, expected);
      } finally {
        d.dispose();
        old.dispose();
      }
    } finally {
      await closeEngine();
    }
  });

  it('the setting is "absolute" by default and a bad one fails with one sentence', () => {
    assert.equal(parseGeneratorSettings({}).stateEncoding, "absolute");
    assert.throws(
      () => parseGeneratorSettings({ stateEncoding: "relative" }),
      /^Error: ATraDiff generator: setting "stateEncoding" must be one of absolute, delta, got "relative"\.$/,
    );
  });
});

describe("a generator trained on state changes", () => {
  const data = toyData(40, new Rng(4));
  const held = toyStarts(24, new Rng(5));
  const dir = mkdtempSync(join(tmpdir(), "atradiff-deltas-"));
  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("samples windows that start exactly at the given states, and saves and loads its encoding", () => {
    const { generator } = trainGenerator(data, {
      windowLengths: [4, 8],
      stateEncoding: "delta",
      diffusion: {
        denoiser: { temporal: { width: 16, depth: 1 } },
        training: { totalSteps: 40, batchSize: 32 },
        edm: { sampleSteps: 4 },
      },
      estimator: { hiddenSizes: [16], steps: 20 },
      plausibilityGate: { enabled: false },
      pruner: { calibrationWindows: 8 },
      seed: 3,
    });
    try {
      assert.deepEqual(
        generator.diffusers.map((d) => d.stateEncoding),
        ["delta", "delta"],
      );
      for (const k of [4, 8]) {
        const ts = generator.generateWithWindowLength(k, held.states, { rng: new Rng(6) });
        ts.forEach((t, i) => {
          assert.deepEqual(t.obs.subarray(0, O), held.states.subarray(i * O, i * O + O), `start ${i}`);
          for (let j = 0; j + 1 < t.size; j++)
            assert.deepEqual(t.nextObs.subarray(j * O, j * O + O), t.obs.subarray((j + 1) * O, (j + 2) * O));
          for (const v of t.nextObs) assert.ok(Number.isFinite(v));
        });
      }
      const before = generator.generate(held.states, { rng: new Rng(7) });
      saveGenerator(generator, dir);
      const manifestPath = join(dir, "manifest.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      assert.equal(manifest.settings.stateEncoding, "delta");
      const loaded = loadGenerator(dir);
      try {
        assert.deepEqual(loaded.generate(held.states, { rng: new Rng(7) }), before);
      } finally {
        loaded.dispose();
      }
      // A manifest written before the setting existed reads as "absolute": these diffusers do not fit it.
      delete manifest.settings.stateEncoding;
      writeFileSync(manifestPath, JSON.stringify(manifest));
      assert.throws(
        () => loadGenerator(dir),
        /The diffuser for windows of 4 steps stores states as "delta", but the generator's settings say "absolute"\./,
      );
    } finally {
      generator.dispose();
    }
  });
});
