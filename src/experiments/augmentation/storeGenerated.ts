// Fills a replay buffer with generated transitions in chunks (SynthER samples, or ATraDiff
// trajectories for offline upsampling, some possibly empty), optionally mapped (e.g. into the
// buffer's units) first.
import type { Batch } from "../../data/batch.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";

/**
 * Calls `generate(n)` for chunks of at most `chunk` rows until `count` rows are stored; a chunk
 * may return more or fewer rows than asked for (trajectories), the surplus of the last is dropped.
 */
export function storeGenerated(
  into: ReplayBuffer,
  count: number,
  chunk: number,
  generate: (n: number) => Batch[],
  onProgress?: (stored: number) => void,
): void {
  let stored = 0;
  while (stored < count) {
    const batches = generate(Math.min(chunk, count - stored));
    // A trajectory may be empty (the plausibility gate cut it at its first step); a call of nothing
    // but empty ones would repeat forever.
    if (batches.every((b) => b.size === 0))
      throw new Error(
        "The generator returned no transitions in a whole call (a plausibility gate that cuts every trajectory at its first step does).",
      );
    for (const b of batches) {
      const n = Math.min(b.size, count - stored);
      if (stored >= count) break;
      into.storeBatch(b, n);
      stored += n;
    }
    onProgress?.(stored);
  }
}
