// Reading a finished run's files for comparisons between runs.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { TIMING_FIELDS } from "../../src/experiments/loops/metricsLog.js";

/** metrics.jsonl as objects without the wall-clock fields (the only ones that may differ). */
export function metricsWithoutTiming(runDir: string): Record<string, unknown>[] {
  const text = readFileSync(join(runDir, "metrics.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      for (const f of TIMING_FIELDS) delete record[f];
      return record;
    });
}

/** Every file of the latest checkpoint except loop.json (which holds wall-clock time), by name. */
export function finalCheckpointFiles(runDir: string): Map<string, Buffer> {
  const root = join(runDir, "checkpoints");
  const pointer = JSON.parse(readFileSync(join(root, "latest.json"), "utf8")) as { checkpoint: string };
  const dir = join(root, pointer.checkpoint);
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort())
    if (name !== "loop.json" && statSync(join(dir, name)).isFile())
      out.set(name, readFileSync(join(dir, name)));
  return out;
}

/** Asserts that `other` ended exactly where `whole` did: same metrics, same final checkpoint files. */
export function assertSameRun(whole: string, other: string): void {
  assert.deepEqual(metricsWithoutTiming(other), metricsWithoutTiming(whole));
  const a = finalCheckpointFiles(whole);
  const b = finalCheckpointFiles(other);
  assert.deepEqual([...b.keys()], [...a.keys()]);
  for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is identical`);
}
