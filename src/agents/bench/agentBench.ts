// `atradiff bench agents`: gradient updates per second of SAC, REDQ, RLPD, TD3+BC and IQL with
// hopper-sized networks (obs 11, action 3, 256-256, batch 256), against the same SAC and REDQ
// updates in PyTorch (scripts/bench/torch_agents_bench.py, 2 threads) measured in the same run.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { engine, initEngine } from "../../engine/runtime.js";
import { measureUpdatesPerSec, type UpdateRateOptions } from "./agentUpdateRate.js";

export const BENCH_AGENTS = ["sac", "redq", "rlpd", "td3bc", "iql"] as const;
export type BenchAgent = (typeof BENCH_AGENTS)[number];

export interface AgentBenchResult {
  updatesPerSec: Record<BenchAgent, number>;
  /** PyTorch's rates, or null without a working `/usr/bin/python3 -c "import torch"`. */
  torch: { sac: number; redq: number } | null;
}

export const HOPPER_SIZES: UpdateRateOptions = {
  obsDim: 11,
  actDim: 3,
  hidden: [256, 256],
  batchSize: 256,
  rounds: 5,
  updatesPerRound: 20,
};

const PYTHON = "/usr/bin/python3";
const TORCH_THREADS = 2;
/** Fewer rounds for PyTorch: Debian's build multiplies matrices with the generic reference BLAS, ~1 update/s. */
const TORCH_ROUNDS = 3;
// dist/src/agents/bench/ -> package root
const TORCH_SCRIPT = fileURLToPath(
  new URL("../../../../scripts/bench/torch_agents_bench.py", import.meta.url),
);

export async function runAgentBench(opts: { json: boolean }): Promise<void> {
  await initEngine();
  const result = measureAgents((line) => process.stderr.write(`${line}\n`));
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatAgentTable(result, engine().threads));
}

export function measureAgents(progress: (line: string) => void, sizes = HOPPER_SIZES): AgentBenchResult {
  const updatesPerSec = {} as Record<BenchAgent, number>;
  for (const kind of BENCH_AGENTS) {
    progress(`measuring ${kind}...`);
    updatesPerSec[kind] = round(measureUpdatesPerSec(kind, sizes));
  }
  progress("measuring PyTorch (sac, redq)...");
  return { updatesPerSec, torch: runTorch(sizes) };
}

function runTorch(s: UpdateRateOptions): AgentBenchResult["torch"] {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
  if (probe.status !== 0) return null;
  const args = [
    TORCH_SCRIPT,
    `--obs=${s.obsDim}`,
    `--act=${s.actDim}`,
    `--hidden=${s.hidden[0]}`,
    `--batch=${s.batchSize}`,
    `--rounds=${TORCH_ROUNDS}`,
    `--updates=${s.updatesPerRound}`,
    `--threads=${TORCH_THREADS}`,
  ];
  const r = spawnSync(PYTHON, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`The PyTorch reference benchmark ${TORCH_SCRIPT} failed: ${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  const t = JSON.parse(lines[lines.length - 1]) as { sac: number; redq: number };
  return { sac: round(t.sac), redq: round(t.redq) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatAgentTable(r: AgentBenchResult, threads: number): string {
  const rows: string[][] = [["agent", "updates/s", "PyTorch updates/s", "ours / PyTorch"]];
  for (const kind of BENCH_AGENTS) {
    const ours = r.updatesPerSec[kind];
    const torch = r.torch && (kind === "sac" || kind === "redq") ? r.torch[kind] : null;
    rows.push([
      kind,
      ours.toFixed(1),
      torch === null ? "-" : torch.toFixed(1),
      torch === null ? "-" : `${(ours / torch).toFixed(2)}x`,
    ]);
  }
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  const text = rows.map((row) =>
    row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "),
  );
  const notes = [
    "",
    `Hopper-sized networks: obs 11, action 3, 256-256 ReLU, batch 256; atradiff on ${threads} engine thread(s),`,
    `PyTorch on ${TORCH_THREADS} threads. SAC: critics + actor + temperature every update. REDQ, RLPD: 10 critics as`,
    "one ensemble, target min over 2 drawn critics, cycles of 20 critic updates with one actor update",
    "(counted as 20 updates). TD3+BC: actor every 2nd update. IQL: value, critics and actor every update.",
    `Median of ${HOPPER_SIZES.rounds} rounds (PyTorch: ${TORCH_ROUNDS}) after a warm-up. ours / PyTorch above 1: faster than PyTorch.` +
      (r.torch ? "" : " PyTorch was not available (/usr/bin/python3 -c 'import torch' failed)."),
  ];
  return `${[...text, ...notes].join("\n")}\n`;
}
