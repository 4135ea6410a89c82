// `atradiff bench engine` without its full cost: the timed MLP step runs on a tiny network, and the
// table's ratios and notes are checked on a report made up here (the measuring children and
// PyTorch are the expensive part, run by the command itself).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EngineBenchReport, formatTable } from "../../../src/bench/engine/engineBench.js";
import { measureMlpStepMs } from "../../../src/bench/engine/mlpStep.js";

function report(o: Partial<EngineBenchReport> = {}): EngineBenchReport {
  return {
    result: {
      backends: [
        {
          backend: "native",
          description: "native (AVX-512), 2 threads",
          gemmGflops: { nn: [20, 36], nt: [18, 30], tn: [16, 28] },
          mlpBigMs: [80, 44],
          mlpSmallMs: [1.5, 1.2],
        },
        {
          backend: "wasm",
          description: "wasm (relaxed SIMD), 2 threads",
          gemmGflops: { nn: [10, 18], nt: [9, 15], tn: [8, 14] },
          mlpBigMs: [160, 88],
          mlpSmallMs: [3, 2.4],
        },
      ],
      nativeMissing: null,
      torch: { mlpBigMs: [100, 60], mlpSmallMs: [3, 3] },
      loadAverage: { start: [0.25, 0.5, 1], end: [1.5, 0.75, 1] },
    },
    torchGemmGflops: { nn: [40, 72], nt: [40, 72], tn: [40, 72] },
    secondThreads: 2,
    ...o,
  };
}

describe("bench engine", () => {
  it("times the requested number of MLP training steps", async () => {
    const times = await measureMlpStepMs([8, 16, 4], 4, { warmup: 1, steps: 3 });
    assert.equal(times.length, 3);
    for (const t of times) assert.ok(Number.isFinite(t) && t > 0, String(t));
  });

  it("shows speed ratios with above 1 = faster than PyTorch", () => {
    const lines = formatTable(report()).split("\n");
    const cells = (name: string) =>
      lines
        .find((l) => l.startsWith(name))!
        .trim()
        .split(/\s{2,}/);
    // GEMM: GFLOP/s ours / theirs, per backend.
    assert.deepEqual(cells("native GEMM nn").slice(1), ["20.0", "36.0", "40.0", "72.0", "0.50x | 0.50x"]);
    assert.deepEqual(cells("wasm GEMM nn").slice(1), ["10.0", "18.0", "40.0", "72.0", "0.25x | 0.25x"]);
    // Step times: theirs / ours.
    assert.deepEqual(cells("native MLP big").slice(1), ["80.0", "44.0", "100.0", "60.0", "1.25x | 1.36x"]);
    assert.deepEqual(cells("native MLP small").slice(1), ["1.50", "1.20", "3.00", "3.00", "2.00x | 2.50x"]);
    assert.ok(lines.includes("native: native (AVX-512)"), lines.join("\n"));
    assert.match(
      lines.join("\n"),
      /Load average \(1\/5\/15 min\) 0\.25\/0\.50\/1\.00 at the start, 1\.50\/0\.75\/1\.00 at the end/,
    );
  });

  it("says when PyTorch is missing or slow and when the second thread did not start", () => {
    const noTorch = formatTable(
      report({ result: { ...report().result, torch: null }, torchGemmGflops: null }),
    );
    assert.match(noTorch, /PyTorch was not available/);
    assert.match(noTorch, /native MLP big ms\/step\s+80\.0\s+44\.0\s+-\s+-\s+-/);
    const noNative = formatTable(
      report({
        result: {
          ...report().result,
          backends: report().result.backends.slice(1),
          nativeMissing: "no compiler",
        },
      }),
    );
    assert.match(noNative, /The native backend was not measured: no compiler\./);
    assert.doesNotMatch(noNative, /^native/m);
    const slow = formatTable(report({ torchGemmGflops: { nn: [2, 3], nt: [2, 3], tn: [2, 3] } }));
    assert.match(slow, /reference BLAS/);
    assert.doesNotMatch(formatTable(report()), /reference BLAS|not available|when asked for 2/);
    assert.match(formatTable(report({ secondThreads: 1 })), /ran on 1 thread\(s\) when asked for 2/);
  });
});
