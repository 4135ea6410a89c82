// The measuring side of `atradiff bench agents`, run in its own process once per engine backend and
// thread count (ATRADIFF_BACKEND, ATRADIFF_THREADS) so that the measurements never compete. Prints
// one JSON line: {"description", "updatesPerSec": {agent: rate}}.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { BENCH_AGENTS, type BenchAgent, HOPPER_SIZES } from "./agentBench.js";
import { measureUpdatesPerSec } from "./agentUpdateRate.js";

const engine = await initEngine();
const updatesPerSec = {} as Record<BenchAgent, number>;
for (const kind of BENCH_AGENTS) updatesPerSec[kind] = measureUpdatesPerSec(kind, HOPPER_SIZES);
process.stdout.write(`${JSON.stringify({ description: engine.description, updatesPerSec })}\n`);
await closeEngine();
