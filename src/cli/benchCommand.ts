// `atradiff bench <what>`: benchmarks that print what they measured and against what.
import type { Command } from "commander";

export function registerBenchCommand(program: Command): void {
  const bench = program.command("bench").description("measure the speed of the engine, environments, agents");
  bench
    .command("engine")
    .description("GEMM GFLOP/s and MLP training-step time, 1 and 2 threads, against PyTorch on this machine")
    .option("--json", "print one JSON object instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { runEngineBench } = await import("../engine/bench/engineBench.js");
      await runEngineBench({ json: Boolean(opts.json) });
    });
  bench
    .command("envs")
    .description("env steps/s (one env, and 2 worker threads) and 84x84 frame time for the MuJoCo tasks")
    .option("--json", "print one JSON object instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { runEnvBench } = await import("../envs/bench/envBench.js");
      await runEnvBench({ json: Boolean(opts.json) });
    });
  bench
    .command("agents")
    .description(
      "gradient updates/s of SAC, REDQ, RLPD, TD3+BC, IQL (hopper-sized), against PyTorch's SAC and REDQ",
    )
    .option("--json", "print one JSON object instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { runAgentBench } = await import("../agents/bench/agentBench.js");
      await runAgentBench({ json: Boolean(opts.json) });
    });
}
