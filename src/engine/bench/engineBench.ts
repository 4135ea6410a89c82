// `atradiff bench engine`: GEMM GFLOP/s in the three products of a training step, and the time of
// one training step of a big and a small MLP, on one and on two threads, against PyTorch on the
// same machine. Each thread count is measured in its own child process, one after the other, so
// the two never compete for the cores; PyTorch runs after both.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./engineBenchChild.js";
import { GEMM_CASES, type GemmCase } from "./gemmBench.js";

export interface EngineBenchResult {
  /** [one thread, two threads] */
  gemmGflops: Record<GemmCase, [number, number]>;
  mlpBigMs: [number, number];
  mlpSmallMs: [number, number];
  /** The same two steps in PyTorch, or null without a working `/usr/bin/python3 -c "import torch"`. */
  torch: { mlpBigMs: [number, number]; mlpSmallMs: [number, number] } | null;
}

const PYTHON = "/usr/bin/python3";
const CHILD = fileURLToPath(new URL("./engineBenchChild.js", import.meta.url));
// dist/src/engine/bench/ -> package root
const TORCH_SCRIPT = fileURLToPath(
  new URL("../../../../scripts/bench/torch_engine_bench.py", import.meta.url),
);

export async function runEngineBench(opts: { json: boolean }): Promise<void> {
  const result = measureEngine((line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatTable(result));
}

export function measureEngine(progress: (line: string) => void): EngineBenchResult {
  const runs: ChildResult[] = [];
  for (const threads of [1, 2]) {
    progress(`measuring the engine on ${threads} thread${threads > 1 ? "s" : ""}...`);
    runs.push(runChild(threads));
  }
  progress("measuring PyTorch...");
  const torch = runTorch();
  const pair = (f: (r: ChildResult) => number): [number, number] => [round(f(runs[0])), round(f(runs[1]))];
  const gemmGflops = {} as Record<GemmCase, [number, number]>;
  for (const c of GEMM_CASES) gemmGflops[c] = pair((r) => r.gemmGflops[c]);
  if (runs[1].threads !== 2)
    progress(`note: the engine ran on ${runs[1].threads} thread(s) when asked for 2.`);
  return {
    gemmGflops,
    mlpBigMs: pair((r) => r.mlpBigMs),
    mlpSmallMs: pair((r) => r.mlpSmallMs),
    torch,
  };
}

function runChild(threads: number): ChildResult {
  const r = spawnSync(process.execPath, [CHILD], {
    env: { ...process.env, ATRADIFF_THREADS: String(threads) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0)
    throw new Error(`The engine benchmark on ${threads} thread(s) failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(lastLine(r.stdout)) as ChildResult;
}

function runTorch(): EngineBenchResult["torch"] {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
  if (probe.status !== 0) return null;
  const r = spawnSync(PYTHON, [TORCH_SCRIPT], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`The PyTorch reference benchmark ${TORCH_SCRIPT} failed: ${r.stderr}`);
  const t = JSON.parse(lastLine(r.stdout)) as { mlpBigMs: number[]; mlpSmallMs: number[] };
  return {
    mlpBigMs: [round(t.mlpBigMs[0]), round(t.mlpBigMs[1])],
    mlpSmallMs: [round(t.mlpSmallMs[0]), round(t.mlpSmallMs[1])],
  };
}

function lastLine(s: string): string {
  const lines = s.trim().split("\n");
  return lines[lines.length - 1];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatTable(r: EngineBenchResult): string {
  const rows: string[][] = [
    ["", "1 thread", "2 threads", "PyTorch 1 thr", "PyTorch 2 thr", "ratio 1 / 2 thr"],
  ];
  for (const c of GEMM_CASES) {
    const [a, b] = r.gemmGflops[c];
    rows.push([`GEMM ${c} GFLOP/s`, a.toFixed(1), b.toFixed(1), "", "", ""]);
  }
  const mlpRow = (name: string, ours: [number, number], torch: [number, number] | undefined) => [
    `${name} ms/step`,
    ours[0].toFixed(1),
    ours[1].toFixed(1),
    torch ? torch[0].toFixed(1) : "-",
    torch ? torch[1].toFixed(1) : "-",
    torch ? `${(ours[0] / torch[0]).toFixed(2)}x / ${(ours[1] / torch[1]).toFixed(2)}x` : "-",
  ];
  rows.push(mlpRow("MLP big", r.mlpBigMs, r.torch?.mlpBigMs));
  rows.push(mlpRow("MLP small", r.mlpSmallMs, r.torch?.mlpSmallMs));
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  const text = rows.map((row) =>
    row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "),
  );
  const notes = [
    "",
    "GEMM: C (256 x 1024) = op(A) op(B) with k = 1024; nn = A.B (forward), nt = A.B^T (input gradient),",
    "tn = A^T.B (weight gradient), operands stored so every case has the same shape; median of 30 products.",
    "MLP: one training step (forward, backward, Adam) with ReLU and an MSE loss at batch 256; big = 64-1024-",
    "1024-1024-64 (3.43 GFLOP), small = 64-256-256-64; median of the timed steps after warm-up.",
    "ratio = our time / PyTorch's time (below 1: faster than PyTorch)." +
      (r.torch ? "" : " PyTorch was not available (/usr/bin/python3 -c 'import torch' failed)."),
  ];
  return `${[...text, ...notes].join("\n")}\n`;
}
