// Loads h5wasm (the HDF5 C library compiled to WebAssembly; its Node build reads files through
// Node's filesystem) once, on first use, so commands that never touch HDF5 do not pay for it.
//
// By default the C library prints a 40-line diagnostic stack to stderr on every failure and the
// failing call returns quietly (opening a truncated file yields file_id -1). Installing h5wasm's
// throwing error handler makes every HDF5 failure a JavaScript exception that carries that stack
// as its message instead; `hdf5ErrorReason` keeps its one useful line.
type H5Api = typeof import("h5wasm/node").default;
export type H5Module = Awaited<H5Api["ready"]>;

export interface H5 {
  api: H5Api;
  module: H5Module;
}

let loading: Promise<H5> | null = null;

export function loadH5(): Promise<H5> {
  loading ??= (async () => {
    const { default: api } = await import("h5wasm/node");
    const module = await api.ready;
    module.activate_throwing_error_handler();
    return { api, module };
  })();
  return loading;
}

/**
 * The innermost reason in an HDF5 diagnostic stack, e.g. "truncated file: eof = 3000,
 * sblock->base_addr = 0, stored_eof = 7444" (the last "#NNN: file line N in func(): reason" line),
 * or the error's own first line when it is not such a stack.
 */
export function hdf5ErrorReason(err: unknown): string {
  const text =
    err instanceof Error
      ? err.message
      : typeof err === "object" && err && "message" in err
        ? String(err.message)
        : String(err);
  let reason: string | null = null;
  for (const line of text.split("\n")) {
    const m = /#\d+:.* in [^\s(]+\(\): (.*)$/.exec(line);
    if (m) reason = m[1].trim();
  }
  return (reason ?? text.split("\n")[0].trim()).replace(/\.$/, "");
}
