// `atradiff bench engine`: GEMM GFLOP/s in the three products of a training step, and the time of
// one training step of a big and a small MLP, on one and on two threads, on each engine backend
// (native when built, WebAssembly), against PyTorch on the same machine. Each backend and thread
// count is measured in its own child process, one after the other, so that they never compete for
// the cores; PyTorch runs after them.
// It lives in nn/ rather than engine/ because its MLP step is built from nn's modules.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BackendName } from "../../engine/nativeBackend.js";
import { measurableBackends, runBenchChild } from "../benchChild.js";
import { type LoadAverages, loadAverageLine, watchLoadAverage } from "../loadAverage.js";
import { pythonHas, TORCH_PYTHON } from "../referenceRunners.js";
import type { ChildResult } from "./engineBenchChild.js";
import { GEMM_CASES, type GemmCase } from "./gemmBench.js";

type Pair = [number, number];

/** One backend's measurements; every pair is [one thread, two threads]. */
export interface BackendBench {
  backend: BackendName;
  /** The engine's description on two threads, e.g. "native (AVX-512), 2 threads". */
  description: string;
  gemmGflops: Record<GemmCase, Pair>;
  mlpBigMs: Pair;
  mlpSmallMs: Pair;
}

/** What `--json` prints. */
export interface EngineBenchResult {
  /** Native first when it was measured, then WebAssembly. */
  backends: BackendBench[];
  /** Why the native backend was not measured, or null. */
  nativeMissing: string | null;
  /** The same two steps in PyTorch, or null without a working `/usr/bin/python3 -c "import torch"`. */
  torch: { mlpBigMs: Pair; mlpSmallMs: Pair } | null;
  loadAverage: LoadAverages;
}

/** Everything measured: the result plus PyTorch's own GEMM speed, which the table shows. */
export interface EngineBenchReport {
  result: EngineBenchResult;
  torchGemmGflops: Record<GemmCase, Pair> | null;
  /** Threads the engine really used when asked for two (1 without SharedArrayBuffer). */
  secondThreads: number;
}

const CHILD = fileURLToPath(new URL("./engineBenchChild.js", import.meta.url));
// dist/src/bench/engine/ -> package root
const TORCH_SCRIPT = fileURLToPath(
  new URL("../../../../scripts/bench/torch_engine_bench.py", import.meta.url),
);

export async function runEngineBench(opts: { json: boolean }): Promise<void> {
  const report = measureEngine((line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stdout.write(`${JSON.stringify(report.result)}\n`);
  else process.stdout.write(formatTable(report));
}

export function measureEngine(progress: (line: string) => void): EngineBenchReport {
  const load = watchLoadAverage();
  const measurable = measurableBackends();
  const backends: BackendBench[] = [];
  let secondThreads = 2;
  for (const backend of measurable.backends) {
    const runs: ChildResult[] = [];
    for (const threads of [1, 2]) {
      progress(`measuring the ${backend} engine on ${threads} thread${threads > 1 ? "s" : ""}...`);
      runs.push(runBenchChild<ChildResult>(CHILD, backend, threads, "engine"));
    }
    const pair = (f: (r: ChildResult) => number): Pair => [round(f(runs[0])), round(f(runs[1]))];
    const gemmGflops = {} as Record<GemmCase, Pair>;
    for (const c of GEMM_CASES) gemmGflops[c] = pair((r) => r.gemmGflops[c]);
    backends.push({
      backend,
      description: runs[1].description,
      gemmGflops,
      mlpBigMs: pair((r) => r.mlpBigMs),
      mlpSmallMs: pair((r) => r.mlpSmallMs),
    });
    secondThreads = Math.min(secondThreads, runs[1].threads);
  }
  progress("measuring PyTorch...");
  const torch = runTorch();
  return {
    result: {
      backends,
      nativeMissing: measurable.nativeMissing,
      torch: torch && { mlpBigMs: torch.mlpBigMs, mlpSmallMs: torch.mlpSmallMs },
      loadAverage: load(),
    },
    torchGemmGflops: torch?.gemmGflops ?? null,
    secondThreads,
  };
}

interface TorchResult {
  mlpBigMs: Pair;
  mlpSmallMs: Pair;
  gemmGflops: Record<GemmCase, Pair>;
}

function runTorch(): TorchResult | null {
  if (!pythonHas(TORCH_PYTHON, "torch")) return null;
  // One process per thread count: OpenBLAS takes its thread count from the environment at load.
  const [one, two] = [1, 2].map((threads) => {
    const r = spawnSync(TORCH_PYTHON, [TORCH_SCRIPT, "--threads", String(threads)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    });
    if (r.status !== 0)
      throw new Error(`The PyTorch reference benchmark ${TORCH_SCRIPT} failed: ${r.stderr}`);
    return JSON.parse(lastLine(r.stdout)) as {
      mlpBigMs: number[];
      mlpSmallMs: number[];
      gemmGflops: Record<GemmCase, number[]>;
    };
  });
  const pair = (f: (t: typeof one) => number[]): Pair => [round(f(one)[0]), round(f(two)[0])];
  const gemmGflops = {} as Record<GemmCase, Pair>;
  for (const c of GEMM_CASES) gemmGflops[c] = pair((t) => t.gemmGflops[c]);
  return { mlpBigMs: pair((t) => t.mlpBigMs), mlpSmallMs: pair((t) => t.mlpSmallMs), gemmGflops };
}

function lastLine(s: string): string {
  const lines = s.trim().split("\n");
  return lines[lines.length - 1];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatTable(report: EngineBenchReport): string {
  const r = report.result;
  const rows: string[][] = [
    ["", "1 thread", "2 threads", "PyTorch 1 thr", "PyTorch 2 thr", "ratio us / PyTorch 1 | 2 thr"],
  ];
  const row = (
    name: string,
    ours: Pair,
    torch: Pair | undefined,
    digits: number,
    ratio: (o: number, t: number) => number,
  ) => [
    name,
    ours[0].toFixed(digits),
    ours[1].toFixed(digits),
    torch ? torch[0].toFixed(digits) : "-",
    torch ? torch[1].toFixed(digits) : "-",
    torch ? `${ratio(ours[0], torch[0]).toFixed(2)}x | ${ratio(ours[1], torch[1]).toFixed(2)}x` : "-",
  ];
  for (const b of r.backends) {
    for (const c of GEMM_CASES)
      rows.push(
        row(
          `${b.backend} GEMM ${c} GFLOP/s`,
          b.gemmGflops[c],
          report.torchGemmGflops?.[c],
          1,
          (o, t) => o / t,
        ),
      );
    rows.push(row(`${b.backend} MLP big ms/step`, b.mlpBigMs, r.torch?.mlpBigMs, 1, (o, t) => t / o));
    rows.push(row(`${b.backend} MLP small ms/step`, b.mlpSmallMs, r.torch?.mlpSmallMs, 2, (o, t) => t / o));
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((cells) => cells[j].length)));
  const text = rows.map((cells) =>
    cells.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "),
  );
  const notes = [
    "",
    ...r.backends.map((b) => `${b.backend}: ${b.description.replace(/, 2 threads$/, "")}`),
    "GEMM: C (256 x 1024) = op(A) op(B) with k = 1024; nn = A.B (forward), nt = A.B^T (input gradient),",
    "tn = A^T.B (weight gradient), operands stored so every case has the same shape; median of 30 products.",
    "MLP: one training step (forward, backward, Adam) with ReLU and an MSE loss at batch 256; big = 64-1024-",
    "1024-1024-64 (3.43 GFLOP), small = 64-256-256-64; median of the timed steps after warm-up.",
    "PyTorch runs with OPENBLAS_NUM_THREADS set to its thread count: torch.set_num_threads(1) alone leaves",
    "Debian's OpenBLAS multiplying on every core.",
    "ratio: our speed over PyTorch's (GFLOP/s ours / theirs, step time theirs / ours): above 1 = we are faster.",
  ];
  if (r.nativeMissing) notes.push(`The native backend was not measured: ${r.nativeMissing}.`);
  if (!r.torch) notes.push("PyTorch was not available (/usr/bin/python3 -c 'import torch' failed).");
  else if (report.torchGemmGflops && report.torchGemmGflops.nn[0] < 10)
    notes.push(
      "PyTorch's GEMM is below 10 GFLOP/s: it runs on the reference BLAS (libblas.so.3), not OpenBLAS or MKL;",
      "install libopenblas0 for a meaningful comparison.",
    );
  if (report.secondThreads !== 2)
    notes.push(
      `The engine ran on ${report.secondThreads} thread(s) when asked for 2 (no SharedArrayBuffer).`,
    );
  notes.push(
    "Other busy processes, or other login sessions (Linux shares CPU time per session), lower the two-thread numbers most.",
    loadAverageLine(r.loadAverage),
  );
  return `${[...text, ...notes].join("\n")}\n`;
}
