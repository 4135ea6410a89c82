// Resuming a stopped run from its latest checkpoint, with fresh objects, gives exactly what an
// uninterrupted run gives: the same metrics.jsonl lines (timing fields aside) and the same final
// agent and replay buffer files, byte for byte.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { type RunConfig, runConfigSchema } from "../../src/experiments/job/runConfig.js";
import { CheckpointStore } from "../../src/experiments/loops/checkpointStore.js";
import type { LoopState } from "../../src/experiments/loops/loopState.js";
import { runOfflineLoop } from "../../src/experiments/loops/offlineLoop.js";
import { runOnlineLoop } from "../../src/experiments/loops/onlineLoop.js";
import { assertSameRun, metricsWithoutTiming } from "./runFiles.js";
import { makeToyWalk, ToyAgent } from "./toyParts.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "atradiff-resume-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(mode: RunConfig["mode"]): RunConfig {
  return runConfigSchema.parse({
    agent: "sac",
    env: "toy-walk",
    mode,
    dataset: mode === "online" ? undefined : "toy.hdf5",
    steps: 400,
    seed: 11,
    evalEvery: 70,
    evalEpisodes: 2,
    checkpointEvery: 90,
    randomStartSteps: 30,
    batchSize: 8,
    logEvery: 20,
  });
}

/** A fixed "dataset": one buffer of random-walk transitions, the same in every session. */
function toyDataset(): ReplayBuffer {
  const data = new ReplayBuffer(500, 1, 1);
  const env = makeToyWalk();
  const agent = new ToyAgent(1, 1, 1, 1234);
  let obs = env.reset({ seed: 5 }).obs;
  for (let i = 0; i < 500; i++) {
    const action = agent.act(obs, { deterministic: false });
    const r = env.step(action);
    data.store({
      obs,
      action,
      reward: r.reward,
      nextObs: r.obs,
      terminal: r.terminated,
      truncated: r.truncated,
    });
    obs = r.terminated || r.truncated ? env.reset().obs : r.obs;
  }
  return data;
}

/**
 * One session of a run with brand-new objects; stops once `stopAt` steps are done when given, or
 * with a graceful stop (a checkpoint there) at the `pauseAt`-th clean boundary (episode end online,
 * gradient step offline).
 */
function session(cfg: RunConfig, runDir: string, stopAt?: number, pauseAt?: number) {
  const start = startOf(runDir);
  let n = 0;
  const shouldStop = () => stopAt !== undefined && start + ++n >= stopAt;
  let m = 0;
  const stopAtCheckpoint = () => pauseAt !== undefined && start + ++m >= pauseAt;
  const agent = new ToyAgent(1, 1, 2, cfg.seed);
  if (cfg.mode === "offline")
    return runOfflineLoop({
      config: cfg,
      agent,
      data: toyDataset(),
      evalEnv: makeToyWalk(),
      runDir,
      shouldStop,
      stopAtCheckpoint,
    });
  return runOnlineLoop({
    config: cfg,
    agent,
    env: makeToyWalk(),
    evalEnv: makeToyWalk(),
    buffer: new ReplayBuffer(cfg.steps, 1, 1),
    offline: cfg.mode === "offline-to-online" ? toyDataset() : undefined,
    runDir,
    shouldStop,
    stopAtCheckpoint,
  });
}

function startOf(runDir: string): number {
  return new CheckpointStore<LoopState>(join(runDir, "checkpoints")).latest()?.state.step ?? 0;
}

for (const mode of ["online", "offline-to-online", "offline"] as const) {
  describe(`resume (${mode})`, () => {
    it("continues a stopped run to exactly the result of an uninterrupted one", async () => {
      const cfg = config(mode);
      const whole = tempDir();
      assert.deepEqual(await session(cfg, whole), { finished: true, step: 400 });

      const split = tempDir();
      const first = await session(cfg, split, 230);
      assert.equal(first.finished, false);
      const checkpoint = new CheckpointStore<LoopState>(join(split, "checkpoints")).latest();
      assert.ok(checkpoint, "a checkpoint was written before the stop");
      // Lines after the checkpoint exist now and must be dropped and rewritten by the resumed run.
      const stepsLogged = metricsWithoutTiming(split).map((r) => r.step as number);
      assert.ok(stepsLogged.at(-1)! > checkpoint.state.step, "metrics were written after the checkpoint");
      assert.ok(checkpoint.state.step >= 180 && checkpoint.state.step < 230);
      if (mode === "offline") assert.equal(checkpoint.state.step, 180);

      assert.deepEqual(await session(cfg, split), { finished: true, step: 400 });
      assertSameRun(whole, split);
      // A finished run resumes to nothing.
      assert.deepEqual(await session(cfg, split), { finished: true, step: 400 });
      assert.deepEqual(metricsWithoutTiming(split), metricsWithoutTiming(whole));
    });

    it("stops gracefully off the checkpoint schedule without losing a step, and resumes bit-identical", async () => {
      const cfg = config(mode);
      const whole = tempDir();
      await session(cfg, whole);
      const paused = tempDir();
      const first = await session(cfg, paused, undefined, mode === "offline" ? 200 : 3);
      assert.equal(first.finished, false);
      const checkpoint = new CheckpointStore<LoopState>(join(paused, "checkpoints")).latest()!;
      assert.equal(checkpoint.state.step, first.step, "the checkpoint is where the run stopped");
      assert.notEqual(checkpoint.state.step % cfg.checkpointEvery, 0, "off the schedule");
      if (mode === "offline") assert.equal(first.step, 200);
      const logged = metricsWithoutTiming(paused).map((r) => r.step as number);
      assert.ok(logged.at(-1)! <= first.step, "nothing was logged past the checkpoint");
      assert.deepEqual(await session(cfg, paused), { finished: true, step: 400 });
      assertSameRun(whole, paused);
    });
  });
}

describe("CPU time in metrics.jsonl", () => {
  /** metrics.jsonl with its timing fields. */
  function rawLines(runDir: string): Record<string, number>[] {
    return readFileSync(join(runDir, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  }

  it("is summed over sessions, and counted from the resumed step for a checkpoint saved before it was", async () => {
    const cfg = config("online");
    const whole = tempDir();
    await session(cfg, whole);
    const lines = rawLines(whole);
    assert.ok(
      lines.every((l, i) => l.cpuSeconds > 0 && (i === 0 || l.cpuSeconds >= lines[i - 1].cpuSeconds)),
    );
    assert.ok(lines.every((l) => l.cpuFromStep === undefined));

    const legacy = tempDir();
    await session(cfg, legacy, 230);
    const checkpoint = new CheckpointStore<LoopState>(join(legacy, "checkpoints")).latest()!;
    const statePath = join(checkpoint.dir, "loop.json");
    const { cpuSeconds, cpuFromStep, ...older } = JSON.parse(readFileSync(statePath, "utf8"));
    assert.ok(cpuSeconds > 0 && cpuFromStep === 0);
    writeFileSync(statePath, JSON.stringify(older));
    await session(cfg, legacy);
    const resumed = rawLines(legacy).filter((l) => l.step > checkpoint.state.step);
    assert.ok(resumed.length > 0 && resumed.every((l) => l.cpuFromStep === checkpoint.state.step));
    assert.deepEqual(metricsWithoutTiming(legacy), metricsWithoutTiming(whole));
  });
});

describe("checkpoint store", () => {
  it("keeps only the latest complete checkpoint and ignores half-written ones", () => {
    const root = join(tempDir(), "checkpoints");
    const store = new CheckpointStore<{ n: number }>(root);
    store.write(10, { n: 1 }, () => {});
    store.write(20, { n: 2 }, () => {});
    assert.throws(
      () =>
        store.write(30, { n: 3 }, () => {
          throw new Error("killed while writing");
        }),
      /killed while writing/,
    );
    assert.deepEqual(store.latest()?.state, { n: 2 });
    assert.ok(readdirSync(root).some((e) => e.startsWith(".incoming-")));
    store.write(30, { n: 3 }, () => {});
    assert.deepEqual(readdirSync(root).sort(), ["latest.json", "step-30"]);
    assert.ok(existsSync(join(root, "step-30", "loop.json")));
    assert.equal(JSON.parse(readFileSync(join(root, "latest.json"), "utf8")).checkpoint, "step-30");
  });
});
