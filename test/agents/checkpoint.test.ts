// Save -> load -> the restored agent continues bit for bit: same losses, same weights, same
// exploration, same TD errors as the original, for every agent. Mismatched or broken checkpoints
// fail with one sentence and leave the agent unchanged.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AGENT_KINDS, loadAgent, makeAgent } from "../../src/agents/makeAgent.js";
import type { Agent } from "../../src/agents/types.js";
import type { Batch } from "../../src/data/batch.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { randomBatch } from "./agentTestKit.js";

const OBS = 3;
const ACT = 2;

function smallSettings(kind: string): Record<string, unknown> {
  if (kind === "bc") return { hiddenSizes: [8, 8], loss: "gaussian" };
  const sizes = { actorHiddenSizes: [8, 8], criticHiddenSizes: [8, 8] };
  if (kind === "iql") return { ...sizes, valueHiddenSizes: [8], actorLrDecaySteps: 10 };
  if (kind === "redq" || kind === "rlpd") return { ...sizes, numCritics: 4 };
  return sizes;
}

function make(kind: string, seed: number): Agent {
  return makeAgent(kind, { obsDim: OBS, actDim: ACT, seed, settings: smallSettings(kind) });
}

function checkpointBytes(agent: Agent, path: string): number[] {
  agent.save(path);
  // The checkpoint's bytes hold every tensor; compare them as the record of the agent's state.
  const bytes = readFileSync(path);
  return Array.from(bytes);
}

/** What an agent does after the checkpoint: updates, acting, TD errors, and its final state. */
function continueTraining(agent: Agent, batches: Batch[], path: string): unknown[] {
  const record: unknown[] = [];
  batches.forEach((b, i) => {
    record.push(agent.update(b, { updateActor: i % 2 === 0 }));
    record.push(Array.from(agent.act(b.obs.subarray(0, OBS), { deterministic: false })));
    record.push(Array.from(agent.act(b.obs.subarray(0, OBS), { deterministic: true })));
    if (agent.name !== "bc") record.push(Array.from(agent.tdError(b)));
  });
  record.push(checkpointBytes(agent, path));
  return record;
}

describe("agent checkpoints", () => {
  let dir = "";
  before(async () => {
    await initEngine();
    dir = mkdtempSync(join(tmpdir(), "atradiff-agents-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  for (const kind of AGENT_KINDS) {
    it(`${kind}: a restored agent continues bit-identically`, () => {
      const rng = new Rng(7);
      const warm = [0, 1, 2].map(() => randomBatch(rng, 16, OBS, ACT));
      const later = [0, 1, 2, 3].map(() => randomBatch(rng, 16, OBS, ACT));
      const original = make(kind, 1);
      for (const b of warm) original.update(b);
      original.act(warm[0].obs.subarray(0, OBS), { deterministic: false });
      const saved = join(dir, `${kind}.safetensors`);
      original.save(saved);
      const expected = continueTraining(original, later, join(dir, `${kind}-a.safetensors`));

      const restored = make(kind, 99);
      restored.load(saved);
      const actual = continueTraining(restored, later, join(dir, `${kind}-b.safetensors`));
      assert.deepEqual(actual, expected);

      const rebuilt = loadAgent(saved);
      assert.equal(rebuilt.name, kind);
      assert.deepEqual(continueTraining(rebuilt, later, join(dir, `${kind}-c.safetensors`)), expected);
      for (const a of [original, restored, rebuilt]) a.dispose();
    });
  }

  it("refuses a checkpoint of another agent, other sizes or other settings, and changes nothing", () => {
    const sac = make("sac", 1);
    const path = join(dir, "sac.safetensors");
    sac.save(path);
    const td3 = make("td3bc", 1);
    assert.throws(
      () => td3.load(path),
      /holds a sac agent for obsDim 3, actDim 2, but this is a td3bc agent/,
    );
    const wide = makeAgent("sac", { obsDim: 4, actDim: 2, seed: 1, settings: smallSettings("sac") });
    assert.throws(() => wide.load(path), /but this is a sac agent for obsDim 4, actDim 2/);
    const other = makeAgent("sac", {
      obsDim: OBS,
      actDim: ACT,
      seed: 2,
      settings: { ...smallSettings("sac"), gamma: 0.9 },
    });
    const before = join(dir, "other-before.safetensors");
    other.save(before);
    assert.throws(
      () => other.load(path),
      /was saved with other settings: "gamma" is 0.99 in the checkpoint but 0.9 in the agent/,
    );
    const after = join(dir, "other-after.safetensors");
    other.save(after);
    assert.deepEqual(readFileSync(after), readFileSync(before));
    for (const a of [sac, td3, wide, other]) a.dispose();
  });

  it("refuses a truncated file and a file that is not an agent checkpoint", () => {
    const sac = make("sac", 1);
    const path = join(dir, "cut.safetensors");
    sac.save(path);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    assert.throws(
      () => sac.load(path),
      /is not a valid safetensors file: tensor ".*" ends at byte \d+ of the data, but the data has \d+ \(file truncated\?\)\./,
    );
    writeFileSync(path, "not a checkpoint");
    assert.throws(() => loadAgent(path), /is not a valid safetensors file/);
    assert.throws(
      () => loadAgent(join(dir, "missing.safetensors")),
      /cannot be read \(missing or not a file\)/,
    );
    sac.dispose();
  });
});
