// Shared by the data tests: fixture paths, temporary directories, the CLI, and raw HDF5 writing through
// h5wasm (bypassing the library's checks, to make deliberately broken files).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadH5 } from "../../src/data/hdf5/h5Library.js";

/** A committed fixture under test/fixtures/data (tests run from the repository root). */
export function fixture(name: string): string {
  return join(process.cwd(), "test", "fixtures", "data", name);
}

export function withTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "atradiff-data-test-"));
  return use(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** Runs the built CLI (node bin/atradiff.js) in a child process, so that all it prints is seen. */
export function atradiff(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(process.cwd(), "bin", "atradiff.js"), ...args], {
    encoding: "utf8",
    env: { ...env, ATRADIFF_THREADS: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface RawColumn {
  data: Float32Array | Float64Array | Uint8Array | Int32Array | string[];
  shape: number[];
}

/** Writes the given datasets (paths may contain '/', groups are created) with h5wasm as-is. */
export async function writeRawHdf5(path: string, columns: Record<string, RawColumn>): Promise<void> {
  const { api } = await loadH5();
  const f = new api.File(path, "w");
  try {
    for (const [name, col] of Object.entries(columns)) {
      const parts = name.split("/");
      for (let i = 1; i < parts.length; i++) {
        const group = parts.slice(0, i).join("/");
        if (!f.get(group)) f.create_group(group);
      }
      f.create_dataset({ name, data: col.data, shape: col.shape });
    }
  } finally {
    f.close();
  }
}

/** A valid small D4RL layout: 6 steps, obs 2, act 1, one terminal at row 2, a time-out at row 5. */
export function validColumns(): Record<string, RawColumn> {
  return {
    observations: { data: Float32Array.from({ length: 12 }, (_, i) => i), shape: [6, 2] },
    actions: { data: Float32Array.from({ length: 6 }, (_, i) => -i), shape: [6, 1] },
    rewards: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [6] },
    terminals: { data: Uint8Array.from([0, 0, 1, 0, 0, 0]), shape: [6] },
    timeouts: { data: Uint8Array.from([0, 0, 0, 0, 0, 1]), shape: [6] },
  };
}
