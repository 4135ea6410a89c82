// Reading an HDF5 file through h5py (Debian's python3-h5py, an HDF5 implementation independent of
// h5wasm) for the tests that compare it with what the library wrote or read.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const PYTHON = "/usr/bin/python3";
const hasH5py = spawnSync(PYTHON, ["-c", "import h5py"]).status === 0;

/** The `skip` option of a test that needs h5py: false where it is installed (CI: python3-h5py). */
export const H5PY_SKIP: string | false = hasH5py
  ? false
  : `${PYTHON} has no h5py (Debian: apt-get install python3-h5py)`;

export interface Dump {
  datasets: Record<string, { dtype: string; shape: number[]; values: number[] }>;
  attrs: Record<string, unknown>;
}

export function dumpWithH5py(path: string): Dump {
  const script = join(process.cwd(), "scripts", "fixtures", "dump_with_h5py.py");
  const r = spawnSync(PYTHON, [script, path], { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Dump;
}
