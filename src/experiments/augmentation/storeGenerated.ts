// Fills a replay buffer with generated transitions in chunks (SynthER samples, or ATraDiff
// trajectories for offline upsampling), optionally mapped (e.g. into the buffer's units) first.
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
    if (batches.length === 0) throw new Error("The generator returned no transitions.");
    for (const b of batches) {
      const n = Math.min(b.size, count - stored);
      if (n <= 0) break;
      into.storeBatch(b, n);
      stored += n;
    }
    onProgress?.(stored);
  }
}
