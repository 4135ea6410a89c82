// No agent leaks engine memory: after a warm-up, more updates, actions and TD errors leave the
// engine's live bytes where they were (every intermediate tensor is freed by tidy).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AGENT_KINDS, makeAgent } from "../../src/agents/makeAgent.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, engine, initEngine } from "../../src/engine/runtime.js";
import { randomBatch } from "./agentTestKit.js";

describe("agent memory", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  for (const kind of AGENT_KINDS)
    it(`${kind}: updates, act and tdError free every intermediate tensor`, () => {
      const settings =
        kind === "bc" ? { hiddenSizes: [8] } : { actorHiddenSizes: [8], criticHiddenSizes: [8] };
      const agent = makeAgent(kind, { obsDim: 3, actDim: 2, seed: 0, settings });
      const batch = randomBatch(new Rng(1), 16, 3, 2);
      const cycle = () => {
        agent.update(batch, { updateActor: false });
        agent.update(batch, { updateActor: true });
        agent.update(batch);
        agent.act(batch.obs.subarray(0, 3), { deterministic: false });
        agent.actBatch!(batch.obs, 16, { deterministic: true });
        if (kind !== "bc") agent.tdError(batch);
      };
      cycle();
      cycle(); // gradients and optimizer state exist after the first cycles
      const live = engine().heap.liveBytes;
      for (let i = 0; i < 5; i++) cycle();
      assert.equal(engine().heap.liveBytes, live);
      agent.dispose();
    });
});
