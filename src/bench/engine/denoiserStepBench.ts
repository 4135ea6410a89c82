// The training step of SynthER's residual-MLP denoiser at the size of a hopper k = 25 window
// (411 data + 11 condition columns, dim_t 128, width 512, 6 blocks, batch 256): its median time on
// each engine backend on 1 and 2 threads, against the same step in JAX/XLA
// (scripts/bench/jax_bench.py --what=denoiser) on 1 and 2 cores, in one run. Part of
// `atradiff bench engine`.
import { fileURLToPath } from "node:url";
import { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import type { MatmulPrecision } from "../../engine/matmulPrecision.js";
import type { BackendName } from "../../engine/nativeBackend.js";
import { Rng } from "../../engine/rng.js";
import { measurableBackends, runBenchChild } from "../benchChild.js";
import { median } from "../median.js";
import { benchScript, jaxPython, pythonHas, runReference } from "../referenceRunners.js";

export const DENOISER_BENCH = { dataDim: 411, conditionDim: 11, dimT: 128, width: 512, depth: 6, batch: 256 };
const WARMUP_STEPS = 3;
const TIMED_STEPS = 15;
const CHILD = fileURLToPath(new URL("./denoiserStepChild.js", import.meta.url));

type Pair = [number, number];

export interface DenoiserBenchResult {
  /**
   * Median ms per step, [1 thread, 2 threads], per backend measured (native first); bf16Ms with
   * bf16 matrix products (diffusion.training.matmulPrecision), null where the engine lacks them.
   */
  backends: { backend: BackendName; description: string; ms: Pair; bf16Ms: Pair | null }[];
  nativeMissing: string | null;
  /** JAX's median ms per step on [1 core, 2 cores], or null when no Python with jax is found. */
  jaxMs: Pair | null;
}

/**
 * A trainer of the benchmark's denoiser on fixed random rows: one call of `step` trains once, its
 * matrix products in `matmulPrecision` (where the engine has it).
 */
export function denoiserTrainingStep(matmulPrecision: MatmulPrecision = "fp32"): {
  step: () => void;
  dispose: () => void;
} {
  const s = DENOISER_BENCH;
  const trainer = new DiffusionTrainer({
    dataDim: s.dataDim,
    conditionDim: s.conditionDim,
    seed: 1,
    settings: { denoiser: { dimT: s.dimT, width: s.width, depth: s.depth }, training: { matmulPrecision } },
  });
  const rng = new Rng(0);
  const rows = rng.fillGaussian(new Float32Array(s.batch * s.dataDim)) as Float32Array;
  const conditions = rng.fillGaussian(new Float32Array(s.batch * s.conditionDim)) as Float32Array;
  return { step: () => void trainer.step(rows, conditions), dispose: () => trainer.dispose() };
}

/** Median milliseconds of one training step on the current engine. */
export function measureDenoiserStepMs(matmulPrecision: MatmulPrecision = "fp32"): number {
  const { step, dispose } = denoiserTrainingStep(matmulPrecision);
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) step();
    const times: number[] = [];
    for (let i = 0; i < TIMED_STEPS; i++) {
      const t0 = performance.now();
      step();
      times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    dispose();
  }
}

export function measureDenoiserBench(progress: (line: string) => void): DenoiserBenchResult {
  const measurable = measurableBackends();
  const backends: DenoiserBenchResult["backends"] = [];
  for (const backend of measurable.backends) {
    const runs = [1, 2].map((threads) => {
      progress(`measuring the denoiser step on ${backend}, ${threads} thread(s)...`);
      return runBenchChild<{ description: string; ms: number; bf16Ms: number | null }>(
        CHILD,
        backend,
        threads,
        "denoiser step",
      );
    });
    const [one, two] = runs;
    backends.push({
      backend,
      description: two.description,
      ms: [round(one.ms), round(two.ms)],
      bf16Ms: one.bf16Ms !== null && two.bf16Ms !== null ? [round(one.bf16Ms), round(two.bf16Ms)] : null,
    });
  }
  progress("measuring the denoiser step in JAX on 1 and 2 cores...");
  return { backends, nativeMissing: measurable.nativeMissing, jaxMs: runJax() };
}

function runJax(): Pair | null {
  const python = jaxPython();
  if (!pythonHas(python, "jax, optax")) return null;
  const s = DENOISER_BENCH;
  const args = [
    "--what=denoiser",
    `--data=${s.dataDim}`,
    `--cond=${s.conditionDim}`,
    `--dim-t=${s.dimT}`,
    `--width=${s.width}`,
    `--depth=${s.depth}`,
    `--batch=${s.batch}`,
    `--steps=${TIMED_STEPS}`,
  ];
  const one = runReference<{ denoiserMs: number }>(python, benchScript("jax_bench.py"), args, true);
  const two = runReference<{ denoiserMs: number }>(python, benchScript("jax_bench.py"), args);
  return [round(one.denoiserMs), round(two.denoiserMs)];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function formatDenoiserTable(r: DenoiserBenchResult): string {
  const s = DENOISER_BENCH;
  const lines = [
    `denoiser training step (data ${s.dataDim} + condition ${s.conditionDim}, dim_t ${s.dimT}, width ${s.width}, ${s.depth} blocks, batch ${s.batch}), median ms:`,
  ];
  for (const b of r.backends) {
    lines.push(`  ${b.backend.padEnd(6)}  1 thread ${b.ms[0].toFixed(1)}  2 threads ${b.ms[1].toFixed(1)}`);
    if (b.bf16Ms)
      lines.push(
        `  ${b.backend} with bf16 products  1 thread ${b.bf16Ms[0].toFixed(1)}  2 threads ${b.bf16Ms[1].toFixed(1)}`,
      );
  }
  lines.push(
    r.jaxMs ? `  JAX     1 core ${r.jaxMs[0].toFixed(1)}  2 cores ${r.jaxMs[1].toFixed(1)}` : "  JAX     -",
  );
  const native = r.backends.find((b) => b.backend === "native");
  const wasm = r.backends.find((b) => b.backend === "wasm");
  if (native && r.jaxMs)
    lines.push(
      `  native time / JAX time, 1 thread: ${(native.ms[0] / r.jaxMs[0]).toFixed(2)}x (at most 1 = as fast as JAX)`,
    );
  if (native && wasm)
    lines.push(
      `  native speed-up over wasm: ${(wasm.ms[0] / native.ms[0]).toFixed(2)}x on 1 thread, ${(wasm.ms[1] / native.ms[1]).toFixed(2)}x on 2`,
    );
  if (native?.bf16Ms && r.jaxMs)
    lines.push(`  native bf16 time / JAX time, 1 thread: ${(native.bf16Ms[0] / r.jaxMs[0]).toFixed(2)}x`);
  if (native?.bf16Ms && wasm)
    lines.push(
      `  native bf16 speed-up over wasm (fp32): ${(wasm.ms[0] / native.bf16Ms[0]).toFixed(2)}x on 1 thread, ${(wasm.ms[1] / native.bf16Ms[1]).toFixed(2)}x on 2`,
    );
  if (r.nativeMissing) lines.push(`  The native backend was not measured: ${r.nativeMissing}.`);
  if (!r.jaxMs)
    lines.push(
      `  JAX was not available (${jaxPython()} -c 'import jax, optax' failed; set ATRADIFF_JAX_PYTHON).`,
    );
  return `${lines.join("\n")}\n`;
}

export async function runDenoiserBench(opts: { json: boolean }): Promise<void> {
  const r = measureDenoiserBench((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `\n${formatDenoiserTable(r)}`);
}
