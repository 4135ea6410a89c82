// MuJoCo's official WebAssembly build, loaded once per thread. Every MuJoCo env of a thread shares
// the one module (and its wasm heap). A worker can be handed a module compiled elsewhere
// (`compileMujocoWasm` in the parent, then `loadMujoco(compiled)` in the worker) so the 10 MB wasm
// is compiled only once per process. Nothing here needs Node at import time (a browser bundle can
// include it): the wasm file is read with node:fs only when it is a local file, fetched otherwise.
import loadMujocoFactory, { type MainModule } from "@mujoco/mujoco";

export type Mujoco = MainModule;
export type { DoubleBuffer, MjData, MjModel } from "@mujoco/mujoco";

let loading: Promise<Mujoco> | undefined;

/**
 * The thread's MuJoCo module (instantiated on the first call; later calls return the same one).
 * `compiled` is used only by the first call of the thread.
 */
export function loadMujoco(compiled?: WebAssembly.Module): Promise<Mujoco> {
  if (!loading) {
    loading = instantiate(compiled);
    // A failed load must not poison the thread: let the next call try again.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/**
 * Compiles the MuJoCo wasm binary (to hand to worker threads, which then skip compiling it): the
 * given bytes, or else the package's mujoco.wasm, read from disk in Node and fetched in a browser.
 */
export async function compileMujocoWasm(bytes?: BufferSource): Promise<WebAssembly.Module> {
  return WebAssembly.compile(bytes ?? (await readMujocoWasm()));
}

async function readMujocoWasm(): Promise<BufferSource> {
  const url = new URL(import.meta.resolve("@mujoco/mujoco/mujoco.wasm"));
  if (url.protocol !== "file:") return (await fetch(url)).arrayBuffer();
  // Imported here, not at the top, so that bundling this module for a browser needs no node:fs.
  const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
  return readFile(url);
}

function instantiate(compiled: WebAssembly.Module | undefined): Promise<Mujoco> {
  if (!compiled) return loadMujocoFactory();
  return loadMujocoFactory({
    // Emscripten's hook: instantiate from the given module instead of fetching and compiling.
    instantiateWasm(
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ): object {
      WebAssembly.instantiate(compiled, imports).then((instance) => done(instance, compiled));
      return {};
    },
  });
}

/** Current size of the module's wasm heap in bytes (it only grows; a leak shows up as growth). */
export function wasmHeapBytes(mj: Mujoco): number {
  const probe = new mj.DoubleBuffer(1);
  try {
    return (probe.GetView() as Float64Array).buffer.byteLength;
  } finally {
    probe.delete();
  }
}
