// A dataset write killed midway (Ctrl-C, out of memory) leaves its temporary file next to the target
// (util/atomicWrite.ts names it "<target>.tmp-<pid>-<n>"); for a 1M-step dataset that is hundreds
// of MB. The next write of the same target removes those whose writing process is gone.
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { processAlive } from "../../util/processAlive.js";

/** Removes `<path>.tmp-<pid>-<n>` files of processes that no longer run; returns their names. */
export function removeStaleTemporaries(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no directory yet, so nothing stale
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-\d+$/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
