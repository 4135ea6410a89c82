// `atradiff bench agents`: gradient updates per second of SAC, REDQ, RLPD, TD3+BC and IQL with
// hopper-sized networks (obs 11, action 3, 256-256, batch 256) on each engine backend (native when
// built, WebAssembly) on 1 and 2 threads, each in its own child process, one after the other;
// then the same SAC and REDQ updates in PyTorch (scripts/bench/torch_agents_bench.py, 2 threads)
// and JAX/XLA (scripts/bench/jax_bench.py, 1 and 2 cores), all in the same run.
import { fileURLToPath } from "node:url";
import type { BackendName } from "../../engine/nativeBackend.js";
import { measurableBackends, runBenchChild } from "../benchChild.js";
import { type LoadAverages, loadAverageLine, watchLoadAverage } from "../loadAverage.js";
import { benchScript, jaxPython, pythonHas, runReference, TORCH_PYTHON } from "../referenceRunners.js";
import type { UpdateRateOptions } from "./agentUpdateRate.js";

export const BENCH_AGENTS = ["sac", "redq", "rlpd", "td3bc", "iql"] as const;
export type BenchAgent = (typeof BENCH_AGENTS)[number];
type Pair = [number, number];

/** One engine backend's rates, [1 thread, 2 threads] per agent. */
export interface BackendRates {
  backend: BackendName;
  /** The engine's own description on 2 threads, e.g. "native (AVX-512), 2 threads". */
  description: string;
  updatesPerSec: Record<BenchAgent, Pair>;
}

export interface AgentBenchResult {
  backends: BackendRates[];
  /** Why the native backend was not measured, or null. */
  nativeMissing: string | null;
  /** PyTorch's rates on 2 threads, or null when /usr/bin/python3 cannot import torch. */
  torch: { sac: number; redq: number } | null;
  /** JAX's rates [1 core, 2 cores], or null when no Python with jax is found. */
  jax: { sac: Pair; redq: Pair } | null;
  loadAverage: LoadAverages;
}

export const HOPPER_SIZES: UpdateRateOptions = {
  obsDim: 11,
  actDim: 3,
  hidden: [256, 256],
  batchSize: 256,
  rounds: 5,
  updatesPerRound: 20,
};

const TORCH_THREADS = 2;
/** Fewer rounds for PyTorch: its per-op overhead makes it slow at this size. */
const TORCH_ROUNDS = 3;
const CHILD = fileURLToPath(new URL("./agentBenchChild.js", import.meta.url));

export async function runAgentBench(opts: { json: boolean }): Promise<void> {
  const result = measureAgents((line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatAgentTable(result));
}

export function measureAgents(progress: (line: string) => void, sizes = HOPPER_SIZES): AgentBenchResult {
  const load = watchLoadAverage();
  const measurable = measurableBackends();
  const backends: BackendRates[] = [];
  for (const backend of measurable.backends) {
    const runs = [1, 2].map((threads) => {
      progress(`measuring the agents on ${backend}, ${threads} thread(s)...`);
      return runBenchChild<ChildRates>(CHILD, backend, threads, "agents");
    });
    const updatesPerSec = {} as Record<BenchAgent, Pair>;
    for (const kind of BENCH_AGENTS)
      updatesPerSec[kind] = [round(runs[0].updatesPerSec[kind]), round(runs[1].updatesPerSec[kind])];
    backends.push({ backend, description: runs[1].description, updatesPerSec });
  }
  progress("measuring PyTorch (sac, redq)...");
  const torch = runTorch(sizes);
  progress("measuring JAX (sac, redq) on 1 and 2 cores...");
  const jax = runJax(sizes);
  return { backends, nativeMissing: measurable.nativeMissing, torch, jax, loadAverage: load() };
}

interface ChildRates {
  description: string;
  updatesPerSec: Record<BenchAgent, number>;
}

function runTorch(s: UpdateRateOptions): AgentBenchResult["torch"] {
  if (!pythonHas(TORCH_PYTHON, "torch")) return null;
  const t = runReference<{ sac: number; redq: number }>(TORCH_PYTHON, benchScript("torch_agents_bench.py"), [
    `--obs=${s.obsDim}`,
    `--act=${s.actDim}`,
    `--hidden=${s.hidden[0]}`,
    `--batch=${s.batchSize}`,
    `--rounds=${TORCH_ROUNDS}`,
    `--updates=${s.updatesPerRound}`,
    `--threads=${TORCH_THREADS}`,
  ]);
  return { sac: round(t.sac), redq: round(t.redq) };
}

function runJax(s: UpdateRateOptions): AgentBenchResult["jax"] {
  const python = jaxPython();
  if (!pythonHas(python, "jax, optax")) return null;
  const args = [
    "--what=sac,redq",
    `--obs=${s.obsDim}`,
    `--act=${s.actDim}`,
    `--hidden=${s.hidden[0]}`,
    `--batch=${s.batchSize}`,
    `--rounds=${s.rounds}`,
    `--updates=${Math.max(s.updatesPerRound, 20)}`,
  ];
  const one = runReference<{ sac: number; redq: number }>(python, benchScript("jax_bench.py"), args, true);
  const two = runReference<{ sac: number; redq: number }>(python, benchScript("jax_bench.py"), args);
  return { sac: [round(one.sac), round(two.sac)], redq: [round(one.redq), round(two.redq)] };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatAgentTable(r: AgentBenchResult): string {
  const header = ["agent"];
  for (const b of r.backends) header.push(`${b.backend} 1 thr`, `${b.backend} 2 thr`);
  header.push("PyTorch 2 thr", "JAX 1 core", "JAX 2 cores");
  const first = r.backends[0];
  header.push(`${first.backend} / JAX: 1 thr | 2 thr vs JAX's best`);
  const rows: string[][] = [header];
  for (const kind of BENCH_AGENTS) {
    const row: string[] = [kind];
    for (const b of r.backends)
      row.push(b.updatesPerSec[kind][0].toFixed(1), b.updatesPerSec[kind][1].toFixed(1));
    const torch = r.torch && (kind === "sac" || kind === "redq") ? r.torch[kind] : null;
    const jax = r.jax && (kind === "sac" || kind === "redq") ? r.jax[kind] : null;
    row.push(torch === null ? "-" : torch.toFixed(1));
    row.push(jax ? jax[0].toFixed(1) : "-", jax ? jax[1].toFixed(1) : "-");
    const ours = first.updatesPerSec[kind];
    row.push(jax ? `${(ours[0] / jax[0]).toFixed(2)}x | ${(ours[1] / Math.max(...jax)).toFixed(2)}x` : "-");
    rows.push(row);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  const text = rows.map((row) =>
    row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "),
  );
  const notes = [
    "",
    ...r.backends.map((b) => `${b.backend}: ${b.description.replace(/, 2 threads/, "")}`),
    "Hopper-sized networks: obs 11, action 3, 256-256 ReLU, batch 256. SAC: critics + actor + temperature every",
    "update. REDQ, RLPD: 10 critics as one ensemble, target min over 2 drawn critics, cycles of 20 critic updates",
    "with one actor update (counted as 20 updates). TD3+BC: actor every 2nd update. IQL: value, critics and actor",
    `every update. Median of ${HOPPER_SIZES.rounds} rounds (PyTorch: ${TORCH_ROUNDS}) after a warm-up; each column in its own process.`,
    "ratio above 1: faster than JAX (1 thread against JAX on 1 core; 2 threads against JAX's better of 1 and 2 cores).",
    loadAverageLine(r.loadAverage),
  ];
  if (r.nativeMissing) notes.push(`The native backend was not measured: ${r.nativeMissing}.`);
  if (!r.torch) notes.push("PyTorch was not available (/usr/bin/python3 -c 'import torch' failed).");
  if (!r.jax)
    notes.push(
      `JAX was not available (${jaxPython()} -c 'import jax, optax' failed; set ATRADIFF_JAX_PYTHON).`,
    );
  return `${[...text, ...notes].join("\n")}\n`;
}
