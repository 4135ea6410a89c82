// One process at a time per training run: a lock file holding the owner's pid, created
// exclusively. A lock whose process is gone (killed) is taken over.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { integerText } from "./numberText.js";
import { processAlive } from "./processAlive.js";

/** The id of the live process, other than this one, that holds the lock at `path`; null when none does. */
export function lockHolder(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const owner = integerText(text);
  return owner !== null && owner !== process.pid && processAlive(owner) ? owner : null;
}

/** Takes the lock at `path` or throws naming the process that holds it; returns the release function. */
export function takeRunLock(path: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = lockHolder(path);
      if (owner !== null)
        throw new Error(
          `${what} is in use by process ${owner} (lock file ${path}); wait for it or stop it first.`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Cannot take the lock ${path} for ${what}.`);
}
