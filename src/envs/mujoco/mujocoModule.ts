// MuJoCo's official WebAssembly build, loaded once per thread. Every MuJoCo env of a thread shares
// the one module (and its wasm heap). A worker can be handed a module compiled elsewhere
// (`compileMujocoWasm` in the parent, then `loadMujoco(compiled)` in the worker) so the 10 MB wasm
// is compiled only once per process. Nothing here needs Node (a browser bundle includes it): Node
// reads the package's mujoco.wasm with mujocoWasmFile.ts, a page fetches it.
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
 * Compiles the MuJoCo wasm binary, the package's mujoco.wasm (to hand to worker threads, which then
 * skip compiling it, or to a page's first loadMujoco, which then fetches nothing).
 */
export async function compileMujocoWasm(bytes: BufferSource): Promise<WebAssembly.Module> {
  return WebAssembly.compile(bytes);
}

/**
 * The thread's MuJoCo module instantiated from the given mujoco.wasm (@mujoco/mujoco's; its bytes,
 * or a URL to fetch): what a page calls before it makes MuJoCo envs, so that nothing is looked up
 * next to the bundle. Later calls return the module of the first.
 */
export async function loadMujocoFrom(wasm: BufferSource | string | URL): Promise<Mujoco> {
  if (loading) return loading;
  let bytes: BufferSource;
  if (typeof wasm === "string" || wasm instanceof URL) {
    const response = await fetch(wasm);
    if (!response.ok)
      throw new Error(`MuJoCo's mujoco.wasm could not be fetched from ${wasm} (HTTP ${response.status}).`);
    bytes = await response.arrayBuffer();
  } else bytes = wasm;
  return loadMujoco(await compileMujocoWasm(bytes));
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
