// The loops are CPU-bound; a worker process still has to deliver its progress messages and notice
// that its parent went away. Awaiting the returned function lets the event loop run every ~50 ms
// (a resolved promise would not: only a macrotask lets I/O through).
import { setImmediate } from "node:timers/promises";

const INTERVAL_MS = 50;

export function eventLoopYielder(): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < INTERVAL_MS) return undefined;
    last = now;
    return setImmediate().then(() => undefined);
  };
}
