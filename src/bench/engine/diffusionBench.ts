// Diffusion speed on this machine: training steps/s and samples/s (at 128, 32 and 16 sampler
// steps) of SynthER's online-size denoiser (dim_t 256, width 1024, 6 blocks; batch 256) on a
// hopper-sized row [s, a, r, s', terminal] (11 + 3 + 1 + 11 + 1 = 27 columns), random data.
// Threads: ATRADIFF_THREADS (default: all cores).

import { DENOISER_PRESETS } from "../../diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Rng } from "../../engine/rng.js";
import { closeEngine, initEngine } from "../../engine/runtime.js";

export interface DiffusionBenchOptions {
  dataDim?: number;
  width?: number;
  dimT?: number;
  depth?: number;
  batch?: number;
  /** Timed training steps (after 2 untimed ones). */
  trainSteps?: number;
  /** Rows sampled per measurement (one batched sampler run). */
  sampleRows?: number;
  samplerSteps?: number[];
}

export interface DiffusionBenchResult {
  config: Required<DiffusionBenchOptions>;
  threads: number;
  trainStepsPerSec: number;
  /** Sampler steps -> generated rows per second. */
  samplesPerSec: Record<number, number>;
  /** Multiply-adds x 2 per second of the denoiser's matrix products while sampling at 128 steps. */
  samplingGflops: number;
}

export async function measureDiffusionBench(opts: DiffusionBenchOptions = {}): Promise<DiffusionBenchResult> {
  const config: Required<DiffusionBenchOptions> = {
    dataDim: opts.dataDim ?? 27,
    width: opts.width ?? DENOISER_PRESETS.online.width,
    dimT: opts.dimT ?? DENOISER_PRESETS.online.dimT,
    depth: opts.depth ?? DENOISER_PRESETS.online.depth,
    batch: opts.batch ?? 256,
    trainSteps: opts.trainSteps ?? 10,
    sampleRows: opts.sampleRows ?? 256,
    samplerSteps: opts.samplerSteps ?? [128, 32, 16],
  };
  const engine = await initEngine();
  const rng = new Rng(0);
  const trainer = new DiffusionTrainer({
    dataDim: config.dataDim,
    seed: 1,
    settings: { denoiser: { dimT: config.dimT, width: config.width, depth: config.depth } },
  });
  const batch = rng.fillGaussian(new Float32Array(config.batch * config.dataDim)) as Float32Array;
  for (let i = 0; i < 2; i++) trainer.step(batch);
  let t0 = performance.now();
  for (let i = 0; i < config.trainSteps; i++) trainer.step(batch);
  const trainStepsPerSec = config.trainSteps / ((performance.now() - t0) / 1000);
  const samplesPerSec: Record<number, number> = {};
  for (const steps of config.samplerSteps) {
    t0 = performance.now();
    trainer.sample(config.sampleRows, { rng, steps });
    samplesPerSec[steps] = config.sampleRows / ((performance.now() - t0) / 1000);
  }
  const { dataDim: d, dimT, width: w, depth } = config;
  const macsPerRow = d * dimT + 17 * dimT + dimT * dimT + dimT * w + depth * w * w + w * d;
  const rate128 = samplesPerSec[128] ?? Number.NaN;
  const samplingGflops = (2 * macsPerRow * (2 * 128 - 1) * rate128) / 1e9;
  trainer.dispose();
  const threads = engine.threads;
  await closeEngine();
  return { config, threads, trainStepsPerSec, samplesPerSec, samplingGflops };
}

export async function runDiffusionBench(opts: { json: boolean } & DiffusionBenchOptions): Promise<void> {
  const r = await measureDiffusionBench(opts);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const c = r.config;
  const lines = [
    `denoiser dim_t ${c.dimT}, width ${c.width}, ${c.depth} blocks; rows of ${c.dataDim}; ${r.threads} thread(s)`,
    `training (batch ${c.batch}): ${r.trainStepsPerSec.toFixed(2)} steps/s`,
    ...c.samplerSteps.map(
      (s) =>
        `sampling, ${s} steps (${2 * s - 1} denoiser calls, ${c.sampleRows} rows): ${r.samplesPerSec[s].toFixed(1)} samples/s`,
    ),
    `denoiser matrix products while sampling at 128 steps: ${r.samplingGflops.toFixed(1)} GFLOP/s`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
