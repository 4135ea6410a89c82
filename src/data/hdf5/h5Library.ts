// Loads h5wasm (the HDF5 C library compiled to WebAssembly; its Node build reads files through
// Node's filesystem) once, on first use, so commands that never touch HDF5 do not pay for it.
//
// By default the C library prints a 40-line diagnostic stack to stderr on every failure and the
// failing call returns quietly (opening a truncated file yields file_id -1). Installing h5wasm's
// throwing error handler makes every HDF5 failure a JavaScript exception that carries that stack
// as its message instead; `hdf5ErrorReason` keeps its one useful line.
//
// The HDF5 library can be told by a file to open other files: external links, external storage
// (a dataset's bytes kept in a raw file named in the dataset, e.g. /etc/passwd) and virtual
// datasets. While a dataset file is read, `confinedTo` lets the library open that file alone: every
// other open fails (EACCES) and is recorded, so the read fails with one sentence naming the file
// it tried to reach. (h5wasm reads through Emscripten's NODERAWFS, whose FS.open every open() of
// the C library goes through.)
import { resolve } from "node:path";

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
    guardFileOpens(module);
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

interface EmscriptenFs {
  open: (path: unknown, ...rest: unknown[]) => unknown;
  ErrnoError: new (errno: number) => Error;
}

/** Emscripten's EACCES ("permission denied"), and its open flags O_CREAT | O_EXCL and O_DIRECTORY. */
const EACCES = 2;
const O_CREAT_EXCL = 0o100 | 0o200;
const O_DIRECTORY = 0o200000;

let confinement: { allowed: string; refused: string | null } | null = null;

function guardFileOpens(module: H5Module): void {
  const fs = (module as unknown as { FS: EmscriptenFs }).FS;
  const open = fs.open;
  fs.open = function guardedOpen(this: unknown, path: unknown, flags?: unknown, ...rest: unknown[]) {
    // An exclusive creation cannot read anything that exists (the throwing error handler formats
    // each HDF5 error through such a temporary file, tmpfile()), and a directory yields names, not
    // data (HDF5 lists its plugin directory when it meets a filter it lacks).
    const harmless =
      typeof flags === "number" && ((flags & O_CREAT_EXCL) === O_CREAT_EXCL || (flags & O_DIRECTORY) !== 0);
    if (
      confinement !== null &&
      typeof path === "string" &&
      !harmless &&
      resolve(path) !== confinement.allowed
    ) {
      confinement.refused ??= path;
      throw new fs.ErrnoError(EACCES);
    }
    return open.call(this, path, flags, ...rest);
  };
}

/**
 * Runs `use` (synchronously) with the HDF5 library allowed to open `path` only. When the library
 * tried to open any other file, throws `refusal(thatFile)` whatever `use` did (a failed open may
 * have been papered over with fill values); else returns or throws what `use` did.
 */
export function confinedTo<T>(path: string, use: () => T, refusal: (otherFile: string) => Error): T {
  const outer = confinement;
  const mine = { allowed: resolve(path), refused: null as string | null };
  confinement = mine;
  const restoreStderr = quietRuntimeMessages();
  let result: T;
  try {
    result = use();
  } catch (err) {
    if (mine.refused !== null) throw refusal(mine.refused);
    throw err;
  } finally {
    restoreStderr();
    confinement = outer;
  }
  if (mine.refused !== null) throw refusal(mine.refused);
  return result;
}

/**
 * Lines the WebAssembly runtime prints on its own when a damaged file makes the C library abort
 * ("Aborted(native code called abort())") or hand over malformed text ("warning: Invalid UTF-8 ...");
 * the failure itself reaches the caller as an exception and becomes the one sentence.
 */
const RUNTIME_MESSAGE = /^(Aborted\(|warning: Invalid UTF-8)/;

/** Drops the runtime's own messages from stderr until the returned function is called. */
function quietRuntimeMessages(): () => void {
  const stderr = process.stderr;
  const write = stderr.write;
  stderr.write = function filteredWrite(this: typeof stderr, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string" && RUNTIME_MESSAGE.test(chunk)) return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stderr.write;
  return () => {
    stderr.write = write;
  };
}
