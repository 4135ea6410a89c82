// The measuring side of `atradiff bench engine`, run in its own process once per thread count
// and backend (ATRADIFF_THREADS, ATRADIFF_BACKEND) so that the measurements never compete. Prints
// one JSON line: {"description", "threads", "gemmGflops": {"nn", "nt", "tn"}, "mlpBigMs", "mlpSmallMs"}.

import { closeEngine, initEngine } from "../../engine/runtime.js";
import { median } from "../median.js";
import { GEMM_CASES, type GemmCase, gemmFlops, timeGemm } from "./gemmBench.js";
import { measureMlpStepMs } from "./mlpStep.js";

/** C (256 x 1024) = A (256 x 1024) . B (1024 x 1024): a big MLP layer at batch 256. */
export const GEMM_SHAPE = { m: 256, n: 1024, k: 1024 };
export const MLP_BIG = [64, 1024, 1024, 1024, 64];
export const MLP_SMALL = [64, 256, 256, 64];
export const MLP_BATCH = 256;

export interface ChildResult {
  description: string;
  threads: number;
  gemmGflops: Record<GemmCase, number>;
  mlpBigMs: number;
  mlpSmallMs: number;
}

async function measure(): Promise<ChildResult> {
  const engine = await initEngine();
  // Interleave the cases over rounds, so that a burst of load from another process on the
  // machine spreads over all three instead of spoiling one; report the median of all products.
  const times: Record<GemmCase, number[]> = { nn: [], nt: [], tn: [] };
  for (let round = 0; round < 3; round++)
    for (const which of GEMM_CASES)
      times[which].push(...timeGemm(engine, which, GEMM_SHAPE, { warmup: round === 0 ? 5 : 1, reps: 10 }));
  const gemmGflops = {} as Record<GemmCase, number>;
  for (const which of GEMM_CASES) gemmGflops[which] = gemmFlops(GEMM_SHAPE) / (median(times[which]) * 1e6);
  const mlpBigMs = median(await measureMlpStepMs(MLP_BIG, MLP_BATCH, { warmup: 3, steps: 15 }));
  const mlpSmallMs = median(await measureMlpStepMs(MLP_SMALL, MLP_BATCH, { warmup: 20, steps: 100 }));
  const result = {
    description: engine.description,
    threads: engine.threads,
    gemmGflops,
    mlpBigMs,
    mlpSmallMs,
  };
  await closeEngine();
  return result;
}

process.stdout.write(`${JSON.stringify(await measure())}\n`);
