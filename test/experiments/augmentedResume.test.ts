// ATraDiff in the online loop (§4.2-4.3): a pendulum run with a tiny generator, generation in a
// worker thread and TD-indicator adaptation stores synthetic rows and logs them; stopped after its
// checkpoint (which falls between two adaptations, with request batches still waiting) and resumed
// with fresh objects, it ends bit for bit where the uninterrupted run ends: metrics, real and
// synthetic buffers, the buffer's state and the adapted generator. The adapted generators saved for
// the worker (seed dir/generator-live) are gone when a session ends. A generator that fails in the
// worker fails the run with one sentence naming it; the checkpoint stays, and once the generator is
// repaired the resumed run ends identical to an uninterrupted one.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import "../../src/envs/index.js";
import { makeEnv } from "../../src/envs/registry.js";
import { RescaleAction } from "../../src/envs/wrappers/rescaleAction.js";
import {
  LIVE_GENERATOR_DIR,
  onlineTrainingBuffer,
} from "../../src/experiments/augmentation/runAugmentation.js";
import { type RunConfig, runConfigSchema } from "../../src/experiments/job/runConfig.js";
import { CheckpointStore } from "../../src/experiments/loops/checkpointStore.js";
import type { LoopState } from "../../src/experiments/loops/loopState.js";
import { runOnlineLoop } from "../../src/experiments/loops/onlineLoop.js";
import { assertSameRun, finalCheckpointFiles, metricsWithoutTiming } from "./runFiles.js";
import { writeTinyPendulumGenerator } from "./tinyGenerator.js";
import { ToyAgent } from "./toyParts.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-augmented-"));
const generatorDir = join(base, "generator");
before(async () => {
  await initEngine({ threads: 1 });
  await writeTinyPendulumGenerator(join(base, "pendulum.hdf5"), generatorDir);
});
after(async () => {
  rmSync(base, { recursive: true, force: true });
  await closeEngine();
});

function config(): RunConfig {
  return runConfigSchema.parse({
    agent: "sac",
    env: "pendulum",
    steps: 400,
    seed: 5,
    maxEpisodeSteps: 100,
    evalEvery: 200,
    evalEpisodes: 1,
    checkpointEvery: 120,
    randomStartSteps: 30,
    batchSize: 16,
    logEvery: 50,
    augment: "atradiff",
    adapt: "td",
    generator: generatorDir,
    augmentSettings: {
      atradiff: {
        generationBatchSize: 4,
        batchMaxAgeSteps: 20,
        insertAfterSteps: 30,
        queueLength: 4,
        syntheticCapacity: 5000,
        lengthProbeStates: 16,
      },
      adaptation: {
        every: 150,
        fineTuneSteps: 3,
        batchSize: 16,
        heapCapacity: 300,
        topK: 40,
        scoringBatchSize: 64,
      },
    },
  });
}

async function pendulum() {
  return new RescaleAction(await makeEnv("pendulum", { maxEpisodeSteps: 100 }));
}

/**
 * One session with brand-new objects; stops once `stopAt` steps are done when given, or with a
 * graceful stop (a checkpoint there) at the `pauseAt`-th episode end.
 */
async function session(cfg: RunConfig, runDir: string, stopAt?: number, pauseAt?: number) {
  const start = new CheckpointStore<LoopState>(join(runDir, "checkpoints")).latest()?.state.step ?? 0;
  let n = 0;
  let episodes = 0;
  const probe = new Float32Array(16 * 3).map((_, i) => Math.cos(i));
  const buffer = onlineTrainingBuffer(cfg, new ReplayBuffer(cfg.steps, 3, 1), {
    seedDir: runDir,
    units: { observation: null, reward: { scale: 1, shift: 0 } },
    probeStates: () => probe,
  });
  const [env, evalEnv] = [await pendulum(), await pendulum()];
  try {
    return await runOnlineLoop({
      config: cfg,
      agent: new ToyAgent(3, 1, 1, cfg.seed),
      env,
      evalEnv,
      buffer,
      runDir,
      shouldStop: () => stopAt !== undefined && start + ++n >= stopAt,
      // Asked at each episode end: the pauseAt-th one stops.
      stopAtCheckpoint: () => pauseAt !== undefined && ++episodes >= pauseAt,
    });
  } finally {
    buffer.close?.();
    env.close();
    evalEnv.close();
  }
}

function generatorFiles(runDir: string): Map<string, Buffer> {
  const root = join(runDir, "checkpoints");
  const name = JSON.parse(readFileSync(join(root, "latest.json"), "utf8")).checkpoint as string;
  const dir = join(root, name, "generator");
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

describe("ATraDiff augmented run: checkpoint and resume", () => {
  it("stores and logs synthetic data, and a resumed run ends bit-identical to an uninterrupted one", async () => {
    const cfg = config();
    const whole = join(base, "whole");
    assert.deepEqual(await session(cfg, whole), { finished: true, step: 400 });
    const lines = metricsWithoutTiming(whole);
    const last = lines.at(-1)!;
    const synthetic = last.synthetic as Record<string, number>;
    assert.ok(synthetic.rows > 50, `synthetic rows stored: ${synthetic.rows}`);
    assert.ok(synthetic.trajectories > 10 && synthetic.expectedLength >= 1);
    assert.equal(synthetic.adaptations, 2);
    assert.ok(synthetic.meanLagSteps > 0 && synthetic.maxLagSteps <= 50, `lag ${synthetic.meanLagSteps}`);
    // What happened to the generated steps: the (lenient) gate kept them all; the pendulum
    // generator's actions were clipped where they left [-1, 1].
    assert.ok(synthetic.generatedSteps >= synthetic.rows, `generated ${synthetic.generatedSteps}`);
    assert.equal(synthetic.keptShare, 1);
    assert.ok(synthetic.clippedActionShare >= 0 && synthetic.clippedActionShare <= 1);
    assert.equal(existsSync(join(whole, LIVE_GENERATOR_DIR)), false, "generator-live is removed");
    const raw = readFileSync(join(whole, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.ok(raw.every((r) => r.generationSeconds >= 0 && r.adaptationSeconds >= 0));
    assert.ok(raw.some((r) => r.adaptationSeconds > 0));

    const split = join(base, "split");
    assert.equal((await session(cfg, split, 270)).finished, false);
    assert.equal(existsSync(join(split, LIVE_GENERATOR_DIR)), false);
    const checkpoint = new CheckpointStore<LoopState>(join(split, "checkpoints")).latest()!;
    assert.equal(checkpoint.state.step, 200);
    const saved = JSON.parse(readFileSync(join(checkpoint.dir, "augment.json"), "utf8"));
    assert.equal(saved.adaptations, 1);
    assert.ok(saved.buffer.waiting.length + saved.buffer.openStarts.length > 0, "requests pending");
    assert.deepEqual(await session(cfg, split), { finished: true, step: 400 });

    assert.deepEqual(metricsWithoutTiming(split), lines);
    const a = finalCheckpointFiles(whole);
    const b = finalCheckpointFiles(split);
    assert.deepEqual([...b.keys()], [...a.keys()]);
    assert.ok(a.has("synthetic.safetensors") && a.has("augment.json"));
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is identical`);
    const ga = generatorFiles(whole);
    const gb = generatorFiles(split);
    assert.deepEqual([...gb.keys()].sort(), [...ga.keys()].sort());
    for (const [name, bytes] of ga) assert.ok(bytes.equals(gb.get(name)!), `generator/${name} is identical`);
  });

  it("stops gracefully off the checkpoint schedule (at an episode end) and still resumes bit-identical", async () => {
    const cfg = config();
    const whole = join(base, "whole");
    const paused = join(base, "paused");
    // Pendulum episodes last 100 steps; checkpointEvery 120 puts scheduled checkpoints at 200, 300,
    // 400, so a graceful stop at the first episode end checkpoints at 100, off the schedule.
    assert.deepEqual(await session(cfg, paused, undefined, 1), { finished: false, step: 100 });
    const checkpoint = new CheckpointStore<LoopState>(join(paused, "checkpoints")).latest()!;
    assert.equal(checkpoint.state.step, 100);
    const steps = metricsWithoutTiming(paused).map((r) => r.step as number);
    assert.equal(steps.at(-1), 100, "nothing was logged past the checkpoint: no step is lost");
    const saved = JSON.parse(readFileSync(join(checkpoint.dir, "augment.json"), "utf8"));
    assert.ok(saved.buffer.waiting.length + saved.buffer.openStarts.length > 0, "requests pending");
    assert.deepEqual(await session(cfg, paused), { finished: true, step: 400 });
    assertSameRun(whole, paused);
    const ga = generatorFiles(whole);
    const gb = generatorFiles(paused);
    for (const [name, bytes] of ga) assert.ok(bytes.equals(gb.get(name)!), `generator/${name} is identical`);
  });

  it("fails with one sentence naming a generator that fails in the worker, and resumes once it is repaired", async () => {
    const copy = join(base, "generator-copy");
    cpSync(generatorDir, copy, { recursive: true });
    const cfg = runConfigSchema.parse({
      ...config(),
      adapt: "none",
      steps: 300,
      generator: copy,
      augmentSettings: { atradiff: { ...config().augmentSettings.atradiff, expectedLength: 3 } },
    });
    const whole = join(base, "fail-whole");
    assert.deepEqual(await session(cfg, whole), { finished: true, step: 300 });

    const broken = join(base, "fail-split");
    assert.equal((await session(cfg, broken, 230)).finished, false);
    const manifest = join(copy, "manifest.json");
    const good = readFileSync(manifest);
    writeFileSync(manifest, "{ not json");
    await assert.rejects(
      session(cfg, broken),
      (err: Error) =>
        err.message.startsWith(
          `The generator worker for the generator in ${copy} failed on request batch `,
        ) && !err.message.includes("\n"),
    );
    assert.equal(new CheckpointStore<LoopState>(join(broken, "checkpoints")).latest()!.state.step, 200);
    writeFileSync(manifest, good);
    assert.deepEqual(await session(cfg, broken), { finished: true, step: 300 });
    assert.deepEqual(metricsWithoutTiming(broken), metricsWithoutTiming(whole));
    const a = finalCheckpointFiles(whole);
    const b = finalCheckpointFiles(broken);
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is identical`);
  });
});
