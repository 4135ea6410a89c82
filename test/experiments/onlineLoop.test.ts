// The online loop: what it stores (terminal vs time-out), when it updates, what it logs.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { type RunConfig, runConfigSchema } from "../../src/experiments/job/runConfig.js";
import { runOnlineLoop } from "../../src/experiments/loops/onlineLoop.js";
import { makeToyWalk, TOY_TIME_LIMIT, ToyAgent } from "./toyParts.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "atradiff-loop-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function toyConfig(overrides: Partial<RunConfig>): RunConfig {
  return runConfigSchema.parse({
    agent: "sac",
    env: "toy-walk",
    steps: 200,
    seed: 3,
    evalEvery: 50,
    evalEpisodes: 2,
    checkpointEvery: 60,
    randomStartSteps: 20,
    batchSize: 8,
    logEvery: 25,
    ...overrides,
  });
}

async function runToy(config: RunConfig, utd = 1) {
  const agent = new ToyAgent(1, 1, utd, config.seed);
  const buffer = new ReplayBuffer(config.steps, 1, 1);
  const runDir = tempDir();
  const result = await runOnlineLoop({
    config,
    agent,
    env: makeToyWalk(),
    evalEnv: makeToyWalk(),
    buffer,
    runDir,
  });
  const lines = readFileSync(join(runDir, "metrics.jsonl"), "utf8").trimEnd().split("\n");
  return {
    agent,
    buffer,
    runDir,
    result,
    records: lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("online loop", async () => {
  it("stores terminations as terminal and time-outs as bootstrapped (not terminal)", async () => {
    const config = toyConfig({ steps: 300, randomStartSteps: 300 });
    const { buffer, records } = await runToy(config);
    assert.equal(buffer.size, 300);
    let terminals = 0;
    let timeouts = 0;
    let episodeStep = 0;
    for (let i = 0; i < buffer.size; i++) {
      episodeStep++;
      const x = buffer.nextObs[i];
      const terminated = Math.abs(x) > 1;
      assert.equal(buffer.terminal[i], terminated ? 1 : 0, `row ${i}: terminal flag`);
      const timedOut = !terminated && episodeStep === TOY_TIME_LIMIT;
      assert.equal(buffer.truncated[i], timedOut ? 1 : 0, `row ${i}: truncated flag`);
      if (terminated) terminals++;
      if (timedOut) timeouts++;
      if (terminated || timedOut) episodeStep = 0;
      // Within an episode the next row starts where this one ended.
      else if (i + 1 < buffer.size) assert.equal(buffer.obs[i + 1], x, `row ${i + 1} continues row ${i}`);
    }
    assert.ok(
      terminals > 5 && timeouts > 5,
      `both kinds of ending occur (${terminals} terminal, ${timeouts} time-out)`,
    );
    assert.equal(records.at(-1)?.episodes, terminals + timeouts);
  });

  it("acts uniformly at random during the random start steps and updates UTD times per step after", async () => {
    const config = toyConfig({ steps: 40, randomStartSteps: 30, evalEvery: 1000 });
    const { agent, buffer } = await runToy(config, 3);
    // Updates start with the last random step stored: steps 30..40 -> 11 steps x 3 updates.
    assert.equal(agent.updateActorCalls.length, 11 * 3);
    agent.updateActorCalls.forEach((flag, k) => assert.equal(flag, k % 3 === 2, `update ${k}`));
    // The agent's actions are tanh(w x) + noise with |w x| tiny: random actions cover [-1, 1] widely.
    let spread = 0;
    for (let i = 0; i < 30; i++) spread = Math.max(spread, Math.abs(buffer.action[i]));
    assert.ok(spread > 0.8, `random start actions span [-1, 1] (max |a| ${spread})`);
  });

  it("writes one JSON object per log point with returns, evaluation, losses and timing", async () => {
    const config = toyConfig({ steps: 120, evalEvery: 50, logEvery: 25 });
    const { records } = await runToy(config);
    assert.deepEqual(
      records.map((r) => r.step),
      [25, 50, 75, 100, 120],
    );
    for (const r of records) {
      for (const f of ["step", "episodes", "episodeReturns", "wallSeconds", "stepsPerSecond"])
        assert.ok(f in r, `field ${f}`);
      assert.ok(Array.isArray(r.episodeReturns));
      assert.equal(typeof r.wallSeconds, "number");
      assert.ok((r.stepsPerSecond as number) > 0);
      // toy-walk has no D4RL reference scores.
      assert.equal(r.evalScore, undefined);
    }
    const evaluated = records.filter((r) => "evalReturnMean" in r).map((r) => r.step);
    assert.deepEqual(evaluated, [50, 100, 120]);
    assert.ok("evalReturnStd" in records[1]);
    // Losses are averaged over the updates since the previous line (none before step 20).
    assert.ok(records[0].losses !== undefined);
    const losses = records[1].losses as Record<string, number>;
    assert.deepEqual(Object.keys(losses), ["actorStat", "loss", "meanReward"]);
    const allReturns = records.flatMap((r) => r.episodeReturns as number[]);
    assert.equal(allReturns.length, records.at(-1)?.episodes);
  });

  it("stops with one sentence when a loss becomes NaN", async () => {
    const config = toyConfig({ steps: 50, randomStartSteps: 5 });
    const agent = new ToyAgent(1, 1, 1, 0);
    agent.update = () => ({ loss: Number.NaN });
    await assert.rejects(
      () =>
        runOnlineLoop({
          config,
          agent,
          env: makeToyWalk(),
          evalEnv: makeToyWalk(),
          buffer: new ReplayBuffer(50, 1, 1),
          runDir: tempDir(),
        }),
      { message: `Training diverged at step 5: the agent's "loss" is NaN.` },
    );
  });
});
