// CPU time (process.cpuUsage: user + system of this process) per SAC / REDQ update and per
// training step of the issue-18 denoiser (denoiser-bf16: with diffusion.training.matmulPrecision
// "bf16", which runs in fp32 on an engine without a bf16 GEMM; the result's "bf16Matmul" says which),
// on the engine as ATRADIFF_BACKEND and ATRADIFF_THREADS choose. A preempted process accumulates no CPU time, so on a busy machine this says more than wall
// time (bench agents / bench engine measure wall time). Run after `npm run build`:
//   ATRADIFF_THREADS=1 ATRADIFF_BACKEND=native node scripts/bench/cpu-time-steps.mjs sac redq denoiser denoiser-bf16
// Prints one JSON object. JAX's counterpart: taskset -c 0 <venv>/bin/python scripts/bench/jax_bench.py --clock process
import { makeAgent } from "../../dist/src/agents/makeAgent.js";
import { denoiserTrainingStep } from "../../dist/src/bench/engine/denoiserStepBench.js";
import { allocBatch } from "../../dist/src/data/batch.js";
import { Rng } from "../../dist/src/engine/rng.js";
import { closeEngine, initEngine } from "../../dist/src/engine/runtime.js";

const WARMUP = 20;

function denoiserStep(matmulPrecision) {
  return { step: denoiserTrainingStep(matmulPrecision).step, steps: 20 };
}

function agentUpdate(kind) {
  const hidden = [256, 256];
  const agent = makeAgent(kind, {
    obsDim: 11,
    actDim: 3,
    seed: 0,
    settings: { actorHiddenSizes: hidden, criticHiddenSizes: hidden },
  });
  const rng = new Rng(1);
  const batch = allocBatch(256, 11, 3);
  rng.fillGaussian(batch.obs);
  rng.fillGaussian(batch.nextObs);
  rng.fillUniform(batch.action, -1, 1);
  rng.fillGaussian(batch.reward);
  const cycle = agent.updatesPerStep;
  let i = 0;
  const step = () => {
    agent.update(batch, { updateActor: i % cycle === cycle - 1 });
    i++;
  };
  return { step, steps: cycle === 1 ? 200 : 10 * cycle };
}

const engine = await initEngine();
const result = { engine: engine.description, bf16Matmul: engine.bf16Matmul };
for (const what of process.argv.slice(2)) {
  if (!["sac", "redq", "denoiser", "denoiser-bf16"].includes(what))
    throw new Error(`cpu-time-steps measures sac, redq, denoiser and denoiser-bf16, not "${what}".`);
  const { step, steps } = what.startsWith("denoiser")
    ? denoiserStep(what === "denoiser-bf16" ? "bf16" : "fp32")
    : agentUpdate(what);
  for (let i = 0; i < WARMUP; i++) step();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const cpu = process.cpuUsage(cpu0);
  result[what] = {
    cpuMsPerStep: Math.round(((cpu.user + cpu.system) / 1000 / steps) * 1000) / 1000,
    wallMsPerStep: Math.round(((performance.now() - wall0) / steps) * 1000) / 1000,
  };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
await closeEngine();
