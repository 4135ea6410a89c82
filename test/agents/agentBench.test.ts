// The agents benchmark's measurement and table (tiny networks; PyTorch is not run here).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatAgentTable } from "../../src/agents/bench/agentBench.js";
import { measureUpdatesPerSec, median } from "../../src/agents/bench/agentUpdateRate.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";

describe("bench agents", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("measures a positive update rate for every agent", () => {
    for (const kind of ["sac", "redq", "rlpd", "td3bc", "iql", "bc"]) {
      const rate = measureUpdatesPerSec(kind, {
        obsDim: 3,
        actDim: 2,
        hidden: [8],
        batchSize: 8,
        rounds: 3,
        updatesPerRound: 4,
      });
      assert.ok(Number.isFinite(rate) && rate > 0, `${kind}: ${rate} updates/s`);
    }
  });

  it("median of odd and even counts", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it("prints the ratio to PyTorch where there is one", () => {
    const table = formatAgentTable(
      { updatesPerSec: { sac: 20, redq: 10, rlpd: 8, td3bc: 30, iql: 15 }, torch: { sac: 10, redq: 20 } },
      2,
    );
    assert.match(table, /sac\s+20\.0\s+10\.0\s+2\.00x/);
    assert.match(table, /redq\s+10\.0\s+20\.0\s+0\.50x/);
    assert.match(table, /rlpd\s+8\.0\s+-\s+-/);
    const noTorch = formatAgentTable(
      { updatesPerSec: { sac: 1, redq: 1, rlpd: 1, td3bc: 1, iql: 1 }, torch: null },
      1,
    );
    assert.match(noTorch, /PyTorch was not available/);
  });
});
