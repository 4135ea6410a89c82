// A checkpoint's loop.json and random-number states come back from disk, where anyone may have
// edited them: each field is checked against the run before the run continues, and a bad one stops
// the resume with one sentence naming the file and the field (instead of ending early with exit 0,
// deleting metrics history, appending to half a line, or spinning forever on an all-zero state).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { checkRngState, Rng } from "../../src/engine/rng.js";
import { type RunConfig, runConfigSchema } from "../../src/experiments/job/runConfig.js";
import { CheckpointStore } from "../../src/experiments/loops/checkpointStore.js";
import type { LoopState } from "../../src/experiments/loops/loopState.js";
import { runOnlineLoop } from "../../src/experiments/loops/onlineLoop.js";
import { tempDirMaker } from "../tempDirs.js";
import { makeToyWalk, ToyAgent } from "./toyParts.js";

const tempDir = tempDirMaker("checkpoint-checks");

const config: RunConfig = runConfigSchema.parse({
  agent: "sac",
  env: "toy-walk",
  steps: 400,
  seed: 3,
  evalEvery: 100,
  evalEpisodes: 1,
  checkpointEvery: 90,
  randomStartSteps: 30,
  batchSize: 8,
  logEvery: 20,
});

function session(runDir: string, stopAt?: number) {
  let n = 0;
  return runOnlineLoop({
    config,
    agent: new ToyAgent(1, 1, 2, config.seed),
    env: makeToyWalk(),
    evalEnv: makeToyWalk(),
    buffer: new ReplayBuffer(config.steps, 1, 1),
    runDir,
    shouldStop: () => stopAt !== undefined && ++n >= stopAt,
  });
}

/** A run stopped after its first checkpoints, and the path of the latest checkpoint's loop.json. */
async function stoppedRun(): Promise<{ runDir: string; loopJson: string; state: LoopState }> {
  const runDir = tempDir();
  const r = await session(runDir, 250);
  assert.equal(r.finished, false);
  const latest = new CheckpointStore<LoopState>(join(runDir, "checkpoints")).latest()!;
  return { runDir, loopJson: join(latest.dir, "loop.json"), state: latest.state };
}

async function resumeRefusal(edit: (s: Record<string, unknown>) => void): Promise<string> {
  const { runDir, loopJson } = await stoppedRun();
  const metricsBefore = readFileSync(join(runDir, "metrics.jsonl"));
  const s = JSON.parse(readFileSync(loopJson, "utf8")) as Record<string, unknown>;
  edit(s);
  writeFileSync(loopJson, JSON.stringify(s));
  try {
    await session(runDir);
  } catch (err) {
    const message = (err as Error).message;
    assert.ok(!message.includes("\n"), message);
    assert.deepEqual(readFileSync(join(runDir, "metrics.jsonl")), metricsBefore, "metrics untouched");
    return message.replace(loopJson, "<loop.json>").replace(join(runDir, "metrics.jsonl"), "<metrics.jsonl>");
  }
  assert.fail("the resume was accepted");
}

describe("checkpoint state checks", () => {
  it("a step beyond the run is refused instead of ending the run early with success", async () => {
    assert.equal(
      await resumeRefusal((s) => {
        s.step = 999999;
      }),
      '"step" in <loop.json> is 999999; expected an integer from 0 to the run\'s 400 steps.',
    );
  });

  it("a negative or mid-line metrics length is refused before metrics.jsonl is touched", async () => {
    assert.equal(
      await resumeRefusal((s) => {
        s.metricsBytes = -100;
      }),
      '"metricsBytes" in <loop.json> is -100; expected a non-negative integer.',
    );
    assert.match(
      await resumeRefusal((s) => {
        s.metricsBytes = (s.metricsBytes as number) - 7;
      }),
      /^"metricsBytes" in <loop\.json> is \d+, which falls inside a line of <metrics\.jsonl>; expected the end of a line\.$/,
    );
    assert.match(
      await resumeRefusal((s) => {
        s.metricsBytes = (s.metricsBytes as number) + 1e6;
      }),
      /^"metricsBytes" in <loop\.json> is \d+, but <metrics\.jsonl> holds only \d+ bytes; the metrics file or the checkpoint was altered\.$/,
    );
  });

  it("every field's type is checked", async () => {
    assert.equal(
      await resumeRefusal((s) => {
        s.episodes = "3";
      }),
      '"episodes" in <loop.json> is "3"; expected a non-negative integer.',
    );
    assert.match(
      await resumeRefusal((s) => {
        s.lastLogStep = 10_000;
      }),
      /^"lastLogStep" in <loop\.json> is 10000; expected an integer from 0 to the step \(\d+\)\.$/,
    );
    assert.equal(
      await resumeRefusal((s) => {
        s.lossesSinceLog = { q: { sum: "x", count: 1 } };
      }),
      '"lossesSinceLog" in <loop.json> is {"q":{"sum":"x","count":1}}; expected an object of {"sum": number, "count": integer}.',
    );
  });

  it("an all-zero random-number state is refused instead of drawing zeros forever", async () => {
    assert.equal(
      await resumeRefusal((s) => {
        s.rng = { s: [0, 0, 0, 0], spare: null };
      }),
      '"rng" in <loop.json> is the all-zero random-number state, which the generator never leaves; expected four 32-bit integers, not all zero.',
    );
    assert.match(
      await resumeRefusal((s) => {
        s.rng = { s: [1, 2, 3], spare: null };
      }),
      /^"rng" in <loop\.json> is not a random-number state: expected \{"s": four 32-bit integers, "spare": null or a number\}, got \{"s":\[1,2,3\],"spare":null\}\.$/,
    );
  });

  it("the state checks accept every state the generator can be in, and only those", () => {
    const rng = new Rng(42);
    for (let i = 0; i < 100; i++) {
      rng.gaussian();
      const st = rng.state;
      assert.deepEqual(checkRngState(st, "s"), st);
      assert.equal(Rng.fromState(st).nextUint32(), Rng.fromState(st).nextUint32());
    }
    const bad: unknown[] = [
      null,
      { s: [0, 0, 0, 0], spare: null },
      { s: [1, 2, 3, 2 ** 32], spare: null },
      { s: [1, 2, 3, 0.5], spare: null },
      { s: [1, 2, 3, 4], spare: Number.NaN },
      { s: [1, 2, 3, 4] },
    ];
    for (const st of bad)
      assert.throws(() => new Rng(0).setState(st as never, "The state"), /^Error: The state /);
  });

  it("an unchanged checkpoint resumes and finishes", async () => {
    const { runDir } = await stoppedRun();
    assert.equal((await session(runDir)).finished, true);
  });
});
