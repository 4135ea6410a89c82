// The machine's load average around a benchmark, printed with its figures: on a shared machine the
// two-thread figures mean little unless the load stayed well below the number of cores.
import { availableParallelism, loadavg } from "node:os";

/** os.loadavg() (1, 5 and 15 minutes) at the start and the end of a benchmark. */
export interface LoadAverages {
  start: number[];
  end: number[];
}

/** Starts watching: call the returned function at the end. */
export function watchLoadAverage(): () => LoadAverages {
  const start = loadavg();
  return () => ({ start, end: loadavg() });
}

/** One line for a benchmark's notes. */
export function loadAverageLine(l: LoadAverages): string {
  const fmt = (v: number[]) => v.map((x) => x.toFixed(2)).join("/");
  return `Load average (1/5/15 min) ${fmt(l.start)} at the start, ${fmt(l.end)} at the end, on ${availableParallelism()} cores: other jobs' load slows the two-thread figures most.`;
}
