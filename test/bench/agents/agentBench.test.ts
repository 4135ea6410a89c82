// The agents benchmark's measurement and table (tiny networks; PyTorch is not run here).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatAgentTable } from "../../../src/bench/agents/agentBench.js";
import { measureUpdatesPerSec } from "../../../src/bench/agents/agentUpdateRate.js";
import { median } from "../../../src/bench/median.js";
import { closeEngine, initEngine } from "../../../src/engine/runtime.js";

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

  it("prints both backends, the references, and the ratio to JAX on 1 thread and to JAX's best on 2", () => {
    const rates = (one: number, two: number) => ({
      sac: [one, two] as [number, number],
      redq: [one / 2, two / 2] as [number, number],
      rlpd: [1, 2] as [number, number],
      td3bc: [3, 4] as [number, number],
      iql: [5, 6] as [number, number],
    });
    const table = formatAgentTable({
      backends: [
        { backend: "native", description: "native (AVX-512), 2 threads", updatesPerSec: rates(200, 300) },
        { backend: "wasm", description: "wasm (relaxed SIMD), 2 threads", updatesPerSec: rates(60, 100) },
      ],
      nativeMissing: null,
      torch: { sac: 20, redq: 10 },
      jax: { sac: [100, 80], redq: [50, 60] },
      loadAverage: { start: [0.25, 0.5, 1], end: [1.5, 0.75, 1] },
    });
    assert.match(table, /sac\s+200\.0\s+300\.0\s+60\.0\s+100\.0\s+20\.0\s+100\.0\s+80\.0\s+2\.00x \| 3\.00x/);
    assert.match(table, /redq\s+100\.0\s+150\.0\s+30\.0\s+50\.0\s+10\.0\s+50\.0\s+60\.0\s+2\.00x \| 2\.50x/);
    assert.match(table, /rlpd\s+1\.0\s+2\.0\s+1\.0\s+2\.0\s+-\s+-\s+-\s+-/);
    assert.match(table, /native: native \(AVX-512\)/);
    assert.match(
      table,
      /Load average \(1\/5\/15 min\) 0\.25\/0\.50\/1\.00 at the start, 1\.50\/0\.75\/1\.00 at the end/,
    );
    const bare = formatAgentTable({
      backends: [{ backend: "wasm", description: "wasm (SIMD), 2 threads", updatesPerSec: rates(1, 2) }],
      nativeMissing: "the native addon x was not built",
      torch: null,
      jax: null,
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
    });
    assert.match(bare, /PyTorch was not available/);
    assert.match(bare, /JAX was not available/);
    assert.match(bare, /The native backend was not measured: the native addon x was not built\./);
  });
});
