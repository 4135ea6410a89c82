// Runs one measuring child process of a benchmark with a given engine backend and thread count
// (ATRADIFF_BACKEND, ATRADIFF_THREADS), so that measurements never compete for the cores, and
// parses the JSON object on the last line of its output.
import { spawnSync } from "node:child_process";
import { type BackendName, loadNativeAddon } from "../engine/nativeBackend.js";

export function runBenchChild<T>(script: string, backend: BackendName, threads: number, what: string): T {
  const r = spawnSync(process.execPath, [script], {
    env: { ...process.env, ATRADIFF_BACKEND: backend, ATRADIFF_THREADS: String(threads) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0)
    throw new Error(
      `The ${what} benchmark on ${backend}, ${threads} thread(s) failed: ${r.stderr || r.error?.message}`,
    );
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** The backends this machine can measure (native first when its addon loads), and why not native. */
export function measurableBackends(): { backends: BackendName[]; nativeMissing: string | null } {
  const native = loadNativeAddon();
  return { backends: native.addon ? ["native", "wasm"] : ["wasm"], nativeMissing: native.reason };
}
