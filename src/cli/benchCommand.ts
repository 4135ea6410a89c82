// `atradiff bench <what>`: benchmarks that print what they measured and against what.
import type { Command } from "commander";
import { intList, nonNegativeInt, positiveInt } from "./intOptions.js";

export function registerBenchCommand(program: Command): void {
  const bench = program.command("bench").description("measure the speed of the engine, environments, agents");
  bench
    .command("engine")
    .description(
      "GEMM GFLOP/s, MLP and denoiser training-step time, native and WebAssembly backends on 1 and 2 threads, against PyTorch and JAX on this machine",
    )
    .option("--json", "print JSON instead of tables: one object for GEMM and MLPs, one for the denoiser")
    .action(async (opts: { json?: boolean }) => {
      const { runEngineBench } = await import("../bench/engine/engineBench.js");
      const { runDenoiserBench } = await import("../bench/engine/denoiserStepBench.js");
      await runEngineBench({ json: Boolean(opts.json) });
      await runDenoiserBench({ json: Boolean(opts.json) });
    });
  bench
    .command("envs")
    .description("env steps/s (one env, and 2 worker threads) and 84x84 frame time for the MuJoCo tasks")
    .option("--json", "print one JSON object instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { runEnvBench } = await import("../bench/envs/envBench.js");
      await runEnvBench({ json: Boolean(opts.json) });
    });
  bench
    .command("agents")
    .description(
      "gradient updates/s of SAC, REDQ, RLPD, TD3+BC, IQL (hopper-sized), native and WebAssembly backends on 1 and 2 threads, against PyTorch's and JAX's SAC and REDQ",
    )
    .option("--json", "print one JSON object instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { runAgentBench } = await import("../bench/agents/agentBench.js");
      await runAgentBench({ json: Boolean(opts.json) });
    });
  bench
    .command("diffusion")
    .description(
      "ATraDiff generator: training steps/s, trajectories/s per k and sampler steps, estimator and pruner errors, simulator fidelity vs SynthER and real data (models kept in --work-dir: resumable)",
    )
    .option("--json", "print one JSON object instead of a table")
    .option("--dataset <name|file>", "dataset (default hopper-medium, else hopper-random)")
    .option("--lengths <list>", "window lengths k of the diffusers trained and measured", "5,10,15,20,25")
    .option("--steps <n>", "training steps per diffuser and of SynthER", "2000")
    .option("--width <w>", "denoiser width (window diffusers: at least their window)", "256")
    .option("--depth <n>", "residual blocks", "3")
    .option("--batch <n>", "training batch of every model", "128")
    .option("--estimator-steps <n>", "training steps of the length estimator", "2000")
    .option("--gate-steps <n>", "training steps of the plausibility gate's models (0: no gate)", "3000")
    .option("--samples <n>", "start states per generation timing", "64")
    .option("--timed-steps <n>", "training steps timed per model (after 2 warm-up steps)", "5")
    .option("--fidelity-starts <n>", "held-out start states for fidelity", "256")
    .option(
      "--sampler-steps <list>",
      "sampler step counts timed and measured; the generator samples with the second (or the only) one",
      "128,32,16",
    )
    .option(
      "--work-dir <dir>",
      "where trained models are kept (default ~/.atradiff/bench/diffusion-<dataset>)",
    )
    .option("--retrain", "train the models anew even if the work directory holds them")
    .option(
      "--single",
      "also measure a single length-conditioned diffuser for the largest k against the set (kept in <work-dir>/generator-single)",
    )
    .option(
      "--architectures <list>",
      "instead: compare denoiser architectures (synther, flat-ln, flat, conv, mixer, conv-single) per k, by simulator fidelity against training CPU-seconds (kept in <work-dir>/architectures)",
    )
    .option("--eval-every <n>", "with --architectures: training steps between fidelity measurements", "500")
    .option("--temporal-width <n>", "with --architectures: the temporal denoiser's width per step", "128")
    .option("--temporal-depth <n>", "with --architectures: the temporal denoiser's blocks", "4")
    .option("--out <file>", "also write the JSON result to this file")
    .option("--force", "replace an existing --out file")
    .action(
      async (o: {
        json?: boolean;
        dataset?: string;
        lengths: string;
        steps: string;
        width: string;
        depth: string;
        batch: string;
        estimatorSteps: string;
        gateSteps: string;
        samples: string;
        timedSteps: string;
        fidelityStarts: string;
        samplerSteps: string;
        workDir?: string;
        retrain?: boolean;
        single?: boolean;
        out?: string;
        force?: boolean;
        architectures?: string;
        evalEvery: string;
        temporalWidth: string;
        temporalDepth: string;
      }) => {
        if (o.architectures !== undefined) {
          const { runArchitectureBench } = await import("../bench/diffusion/runAtradiffBench.js");
          const samplerSteps = intList("--sampler-steps", o.samplerSteps);
          await runArchitectureBench({
            json: Boolean(o.json),
            dataset: o.dataset,
            architectures: o.architectures,
            config: {
              lengths: intList("--lengths", o.lengths),
              steps: positiveInt("--steps", o.steps),
              evalEvery: positiveInt("--eval-every", o.evalEvery),
              batch: positiveInt("--batch", o.batch),
              dimT: 128,
              width: positiveInt("--width", o.width),
              depth: positiveInt("--depth", o.depth),
              temporalWidth: positiveInt("--temporal-width", o.temporalWidth),
              temporalDepth: positiveInt("--temporal-depth", o.temporalDepth),
              samplerSteps: samplerSteps[Math.min(1, samplerSteps.length - 1)],
              seed: 0,
            },
            fidelityStarts: positiveInt("--fidelity-starts", o.fidelityStarts),
            workDir: o.workDir,
            retrain: Boolean(o.retrain),
            out: o.out,
            force: Boolean(o.force),
          });
          return;
        }
        const { runAtradiffBench } = await import("../bench/diffusion/runAtradiffBench.js");
        const int = (name: string, v: string) => positiveInt(`--${name}`, v);
        await runAtradiffBench({
          json: Boolean(o.json),
          dataset: o.dataset,
          lengths: intList("--lengths", o.lengths),
          steps: int("steps", o.steps),
          width: int("width", o.width),
          depth: int("depth", o.depth),
          batch: int("batch", o.batch),
          estimatorSteps: int("estimator-steps", o.estimatorSteps),
          gateSteps: nonNegativeInt("--gate-steps", o.gateSteps),
          samples: int("samples", o.samples),
          timedSteps: int("timed-steps", o.timedSteps),
          fidelityStarts: int("fidelity-starts", o.fidelityStarts),
          samplerSteps: intList("--sampler-steps", o.samplerSteps),
          workDir: o.workDir,
          retrain: Boolean(o.retrain),
          single: Boolean(o.single),
          out: o.out,
          force: Boolean(o.force),
        });
      },
    );
}
