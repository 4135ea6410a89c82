// The measuring side of the denoiser line of `atradiff bench engine`, run once per engine backend
// and thread count (ATRADIFF_BACKEND, ATRADIFF_THREADS). Prints one JSON line: {"description", "ms",
// "bf16Ms"}: bf16Ms with diffusion.training.matmulPrecision "bf16", null on an engine without it.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { measureDenoiserStepMs } from "./denoiserStepBench.js";

const engine = await initEngine();
const ms = measureDenoiserStepMs("fp32");
const bf16Ms = engine.bf16Matmul ? measureDenoiserStepMs("bf16") : null;
process.stdout.write(`${JSON.stringify({ description: engine.description, ms, bf16Ms })}\n`);
await closeEngine();
