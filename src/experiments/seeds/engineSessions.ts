// The engine sessions of a seed (engine.jsonl): one line per session saying which engine computed
// it. The engine's kernels (native with its instruction set, or WebAssembly with or without relaxed
// SIMD) round differently, while its thread count does not change a bit (results/engine.md, native backend).
// So a seed resumed on other kernels than its last session's continues correctly but not
// bit-identically to an uninterrupted run on the first ones. A resume says so in one warning rather
// than refusing: moving a long training from WebAssembly to the native backend is intended.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ENGINE_LOG_FILE = "engine.jsonl";

interface EngineSession {
  startedAt: string;
  /** The engine's description, e.g. "native (AVX-512), 2 threads" (engine/runtime.ts). */
  engine: string;
}

/** What decides the bits in an engine description: "native (AVX-512)", "wasm (relaxed SIMD)". */
export function engineKernels(description: string): string {
  return description.split(", ")[0];
}

/** The last session's engine description, or null when none is recorded (or its line is unreadable). */
function lastSessionEngine(seedDir: string): string | null {
  const path = join(seedDir, ENGINE_LOG_FILE);
  if (!existsSync(path)) return null;
  const last = readFileSync(path, "utf8").trimEnd().split("\n").at(-1) ?? "";
  try {
    const engine = (JSON.parse(last) as Partial<EngineSession> | null)?.engine;
    return typeof engine === "string" ? engine : null;
  } catch {
    return null;
  }
}

/**
 * Appends this session (running on `description`) to the seed's engine.jsonl. When `resuming` from
 * a checkpoint and the last session ran on other kernels, returns the warning to show, else null.
 */
export function recordEngineSession(seedDir: string, description: string, resuming: boolean): string | null {
  const before = resuming ? lastSessionEngine(seedDir) : null;
  const session: EngineSession = { startedAt: new Date().toISOString(), engine: description };
  appendFileSync(join(seedDir, ENGINE_LOG_FILE), `${JSON.stringify(session)}\n`);
  if (before === null) return null;
  const was = engineKernels(before);
  const now = engineKernels(description);
  if (was === now) return null;
  return `Warning: ${seedDir} resumes on ${now} kernels, but its last session ran on ${was}: the resumed part will not be bit-identical to an uninterrupted run on ${was}.`;
}
