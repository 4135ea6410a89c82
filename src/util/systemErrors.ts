// System errors as one sentence that names the path and the cause ("Cannot write runs/x/config.json:
// the disk is full (ENOSPC)."), instead of Node's raw text ("ENOSPC: no space left on device, write")
// or HDF5's ("file write failed: time = ..., errno = 28, ..."). Applied once where an error reaches
// the user: the CLI's top-level handler and the messages a worker sends back. Only the system
// errors listed here are rewritten; any other error keeps its own message, so a bug still shows
// what it is.
import { constants } from "node:os";

/** The cause of each system error, as the end of a sentence. */
const CAUSES: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a directory",
  EEXIST: "something already exists there",
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  ENOENT: "no such file or directory",
  EISDIR: "it is a directory, not a file",
  ENOTEMPTY: "the directory is not empty",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many files are open",
  EIO: "an input/output error of the device",
};

/** What the failed system call was doing, as a verb phrase. */
const ACTIONS: Record<string, string> = {
  open: "open",
  read: "read",
  write: "write",
  fsync: "write",
  mkdir: "create the directory",
  rmdir: "remove the directory",
  rm: "remove",
  unlink: "remove",
  rename: "rename",
  scandir: "list the directory",
  opendir: "list the directory",
  stat: "read",
  lstat: "read",
  access: "access",
  copyfile: "copy",
  utime: "update",
  ftruncate: "truncate",
  symlink: "link",
};

const show = (path: string) => (path.trim() === "" ? JSON.stringify(path) : path);

/** The sentence for a Node system error (err.code, err.syscall, err.path), or null for any other error. */
export function systemErrorSentence(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (typeof e.code !== "string" || !(e.code in CAUSES) || typeof e.syscall !== "string") return null;
  const verb = ACTIONS[e.syscall] ?? e.syscall;
  const target =
    e.path === undefined
      ? ""
      : e.dest !== undefined
        ? ` ${show(e.path)} to ${show(e.dest)}`
        : ` ${show(e.path)}`;
  return `Cannot ${verb}${target}: ${CAUSES[e.code]} (${e.code}).`;
}

/** The errno name of a number (28 -> "ENOSPC"), or null. */
function errnoName(n: number): string | null {
  for (const [name, value] of Object.entries(constants.errno)) if (value === n) return name;
  return null;
}

/**
 * HDF5's low-level I/O failure ("file write failed: time = ..., filename = '...', errno = 28,
 * error message = '...', ...") inside a message: replaced by the cause of its errno.
 */
function hdf5IoCause(message: string): string | null {
  const m = /[A-Za-z ]* failed: time = .*?errno = (\d+).*$/s.exec(message);
  if (!m) return null;
  const code = errnoName(Number(m[1]));
  if (code === null || !(code in CAUSES)) return null;
  const filename = /filename = '([^']*)'/.exec(m[0])?.[1];
  const before = message.slice(0, m.index).replace(/[:\s]+$/, "");
  const cause = `${CAUSES[code]} (${code})`;
  if (before !== "") return `${before}: ${cause}.`;
  return `Cannot write${filename ? ` ${filename}` : ""}: ${cause}.`;
}

/** The message to show for an error: one sentence for a system error, else the error's own message. */
export function errorMessage(err: unknown): string {
  const system = systemErrorSentence(err);
  if (system !== null) return system;
  const message = err instanceof Error ? err.message : String(err);
  return hdf5IoCause(message) ?? message;
}

/** Sets the path a system error names (e.g. a write through a file descriptor names none); returns it. */
export function withErrorPath(err: unknown, path: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof Error && typeof e.code === "string") e.path = path;
  return err;
}
