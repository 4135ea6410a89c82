// `atradiff bench engine`: the engine's GEMM and MLP benchmark, then the denoiser training step.

import { runDenoiserBench } from "./denoiserStepBench.js";
import { runEngineBench } from "./engineBench.js";

export async function benchEngine(o: { json?: boolean }): Promise<void> {
  await runEngineBench({ json: Boolean(o.json) });
  await runDenoiserBench({ json: Boolean(o.json) });
}
