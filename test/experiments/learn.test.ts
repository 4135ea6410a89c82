// learn(): `atradiff train` with one seed, in one call, returning a TrainedAgent that acts, saves and
// loads. Proves: it trains with the run settings' own errors, reproducibly (same seed, same bits),
// exactly as `atradiff train` does (the same agent checkpoint, byte for byte), with ATraDiff
// augmentation too; predict maps to the env's action box; save is refused over an existing model
// without force, and what load reads back acts bit for bit as what was saved.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { learn, loadTrainedAgent } from "../../src/experiments/learn/learn.js";
import { tempDirMaker } from "../tempDirs.js";
import { atradiff } from "./cliRunner.js";
import { writeTinyPendulumGenerator } from "./tinyGenerator.js";

const tempDir = tempDirMaker("learn");
const SMALL = {
  agent: "sac",
  env: "pendulum",
  steps: 300,
  randomStartSteps: 100,
  batchSize: 32,
  evalEvery: 150,
  evalEpisodes: 1,
  agentSettings: { actorHiddenSizes: [32, 32], criticHiddenSizes: [32, 32] },
} as const;

/** Actions of `agent` for a fixed set of pendulum observations. */
function actions(agent: { predict(o: ArrayLike<number>, opts?: { deterministic?: boolean }): Float64Array }) {
  const rng = new Rng(11);
  return Array.from({ length: 8 }, () => {
    const angle = rng.uniformIn(-Math.PI, Math.PI);
    return Array.from(agent.predict([Math.cos(angle), Math.sin(angle), rng.uniformIn(-8, 8)]));
  });
}

describe("learn", () => {
  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    await closeEngine();
  });

  it("trains an agent that acts in the env's action box, the same bits for the same seed", async () => {
    const a = await learn({ ...SMALL, seed: 5 });
    const b = await learn({ ...SMALL, seed: 5 });
    const c = await learn({ ...SMALL, seed: 6 });
    try {
      assert.deepEqual(
        a.evaluations.map((p) => p.step),
        [150, 300],
      );
      assert.deepEqual(a.evaluations, b.evaluations);
      const actsA = actions(a.agent);
      assert.deepEqual(actsA, actions(b.agent), "same seed, same agent, bit for bit");
      assert.notDeepEqual(actsA, actions(c.agent), "another seed, another agent");
      for (const [u] of actsA) assert.ok(u >= -2 && u <= 2, `pendulum torques lie in [-2, 2], got ${u}`);
      const obs = [1, 0, 0];
      const unit = a.agent.agent.act(obs, { deterministic: true })[0];
      assert.ok(Math.abs(a.agent.predict(obs)[0] - 2 * unit) < 1e-12, "[-1, 1] is mapped onto [-2, 2]");
      assert.deepEqual(a.agent.predict(obs), a.agent.predict(obs), "deterministic by default");
    } finally {
      for (const r of [a, b, c]) r.agent.dispose();
    }
  });

  it("trains the agent `atradiff train` trains from the same settings, byte for byte", async () => {
    const runDir = join(tempDir(), "learned");
    const learned = await learn({ ...SMALL, seed: 2 }, { runDir });
    learned.agent.dispose();
    const cliDir = join(tempDir(), "cli");
    const config = join(tempDir(), "settings.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(config, JSON.stringify(SMALL));
    const r = atradiff(["train", "--config", config, "--seeds", "2", "--out", cliDir]);
    assert.equal(r.status, 0, r.stderr);
    const finalAgent = (dir: string) => {
      const checkpoints = join(dir, "seed-2", "checkpoints");
      const { checkpoint } = JSON.parse(readFileSync(join(checkpoints, "latest.json"), "utf8"));
      return readFileSync(join(checkpoints, checkpoint, "agent.safetensors"));
    };
    assert.ok(finalAgent(runDir).equals(finalAgent(cliDir)));
    await assert.rejects(
      learn({ ...SMALL, seed: 2 }, { runDir }),
      /already holds a training run; pass --force/,
    );
  });

  it("saves and loads a trained agent that acts bit for bit the same, never over a model without force", async () => {
    const { agent } = await learn({ ...SMALL, steps: 120, seed: 1 });
    const dir = join(tempDir(), "model");
    try {
      agent.save(dir);
      assert.ok(existsSync(join(dir, "model.json")) && existsSync(join(dir, "agent.safetensors")));
      const loaded = loadTrainedAgent(dir);
      assert.deepEqual(actions(loaded), actions(agent));
      assert.equal(loaded.env, "pendulum");
      loaded.dispose();
      assert.throws(() => agent.save(dir), {
        message: `${dir} already holds a trained agent; pass { force: true } to replace it, or choose another directory.`,
      });
      agent.save(dir, { force: true });
      const foreign = tempDir();
      const { writeFileSync } = await import("node:fs");
      writeFileSync(join(foreign, "notes.txt"), "mine");
      assert.throws(() => agent.save(foreign, { force: true }), /was not made by atradiff/);
      assert.equal(readFileSync(join(foreign, "notes.txt"), "utf8"), "mine");
      assert.throws(() => loadTrainedAgent(foreign), {
        message: `${foreign} is not a saved trained agent: it has no model.json.`,
      });
    } finally {
      agent.dispose();
    }
  });

  it("refuses bad settings with the run settings' one-sentence errors", async () => {
    await assert.rejects(learn({ ...SMALL, steps: 0 }), {
      message: '"steps" must be a positive integer, got 0.',
    });
    await assert.rejects(learn({ ...SMALL, seed: -1 }), {
      message: '"seed" must be a non-negative integer, got -1.',
    });
    await assert.rejects(learn({ ...SMALL, lr: 1e-3 } as never), {
      message: /^Unknown setting "lr"; valid settings: /,
    });
    await assert.rejects(learn({ ...SMALL, env: "nowhere" }), { message: /^Unknown environment "nowhere"/ });
  });

  it("trains with ATraDiff's augmented buffer from a generator directory", async () => {
    const root = tempDir();
    const generator = join(root, "generator");
    await writeTinyPendulumGenerator(join(root, "pendulum.hdf5"), generator);
    const runDir = join(root, "run");
    const { agent } = await learn(
      {
        ...SMALL,
        augment: "atradiff",
        generator,
        augmentSettings: { atradiff: { expectedLength: 4, rho: 0.25 } },
      },
      { runDir },
    );
    agent.dispose();
    const lines = readFileSync(join(runDir, "seed-0", "metrics.jsonl"), "utf8")
      .trimEnd()
      .split("\n");
    const last = JSON.parse(lines[lines.length - 1]) as { synthetic?: Record<string, number> };
    assert.ok(last.synthetic !== undefined, "the run logged its synthetic data");
    assert.ok(
      Object.values(last.synthetic).some((v) => v > 0),
      JSON.stringify(last.synthetic),
    );
  });
});
