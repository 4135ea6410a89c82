// The measuring side of the denoiser line of `atradiff bench engine`, run once per engine backend
// and thread count (ATRADIFF_BACKEND, ATRADIFF_THREADS). Prints one JSON line: {"description", "ms"}.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { measureDenoiserStepMs } from "./denoiserStepBench.js";

const engine = await initEngine();
const ms = measureDenoiserStepMs();
process.stdout.write(`${JSON.stringify({ description: engine.description, ms })}\n`);
await closeEngine();
