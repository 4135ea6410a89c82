// `atradiff bench engine`: the engine's GEMM and MLP benchmark, then the denoiser training step.
import { runEngineBench } from "../../nn/bench/engineBench.js";
import { runDenoiserBench } from "./denoiserStepBench.js";

export async function benchEngine(o: { json?: boolean }): Promise<void> {
  await runEngineBench({ json: Boolean(o.json) });
  await runDenoiserBench({ json: Boolean(o.json) });
}
