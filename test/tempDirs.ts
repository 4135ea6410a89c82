// Temporary directories for one test file (test helper, not a test file): each call of the
// returned function makes a fresh directory; all of them are removed after the file's tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

/** `name` goes into the directory names (atradiff-<name>-XXXXXX), to tell leftovers apart. */
export function tempDirMaker(name: string): () => string {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `atradiff-${name}-`));
    dirs.push(d);
    return d;
  };
}
