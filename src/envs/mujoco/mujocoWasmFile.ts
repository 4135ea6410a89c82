// The package's MuJoCo wasm binary read from disk (Node; a page fetches it instead).
import { readFile } from "node:fs/promises";

/** The bytes of @mujoco/mujoco's mujoco.wasm. */
export async function readMujocoWasm(): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readFile(new URL(import.meta.resolve("@mujoco/mujoco/mujoco.wasm")));
  // A file read into a fresh buffer: never shared memory, as WebAssembly.compile requires.
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
