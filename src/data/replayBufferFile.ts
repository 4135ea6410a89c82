// Saving and loading a replay buffer, so a run can checkpoint and resume bit for bit: the filled
// rows of every column plus the ring position, as a safetensors file (readable with
// safetensors.numpy.load_file). Tensors: obs [size, obsDim], action [size, actDim], reward, nextObs,
// terminal, truncated (all F32); metadata: format, capacity, size, next, totalStored. Saving is
// atomic (temporary file + rename). Loading checks the whole header against the file size before
// reading (nn/safetensorsHeader.ts) and the buffer's size against the memory budget, then reads each
// column straight into the buffer's arrays (no intermediate copy).
import { existsSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { encodeSafetensors, type NamedArray } from "../nn/safetensors.js";
import { withSafetensorsHeader } from "../nn/safetensorsFile.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { checkMemoryBudget } from "../util/memoryBudget.js";
import { ReplayBuffer } from "./replayBuffer.js";

const FORMAT = "atradiff-replay-buffer-v1";

type ColumnName = "obs" | "action" | "reward" | "nextObs" | "terminal" | "truncated";
const COLUMNS: readonly ColumnName[] = ["obs", "action", "reward", "nextObs", "terminal", "truncated"];
/** Columns with one value per transition, saved as 1-D tensors. */
const PER_STEP = new Set<ColumnName>(["reward", "terminal", "truncated"]);

function columnWidth(buffer: ReplayBuffer, name: ColumnName): number {
  if (name === "obs" || name === "nextObs") return buffer.obsDim;
  if (name === "action") return buffer.actDim;
  return 1;
}

function checkLittleEndian(): void {
  if (endianness() !== "LE")
    throw new Error("Replay buffer files are little-endian; this machine is big-endian.");
}

export interface SaveReplayBufferOptions {
  /** Replace an existing file (default false: refuse). */
  force?: boolean;
}

export function saveReplayBuffer(
  path: string,
  buffer: ReplayBuffer,
  opts: SaveReplayBufferOptions = {},
): void {
  checkLittleEndian();
  if (existsSync(path) && !opts.force)
    throw new Error(
      `The replay buffer file ${path} already exists; refusing to overwrite it without the force option.`,
    );
  const { size, next, totalStored } = buffer.state;
  const tensors = new Map<string, NamedArray>();
  for (const name of COLUMNS) {
    const width = columnWidth(buffer, name);
    const shape = PER_STEP.has(name) ? [size] : [size, width];
    tensors.set(name, { shape, data: buffer[name].subarray(0, size * width) });
  }
  const metadata = {
    format: FORMAT,
    capacity: String(buffer.capacity),
    obsDim: String(buffer.obsDim),
    actDim: String(buffer.actDim),
    size: String(size),
    next: String(next),
    totalStored: String(totalStored),
  };
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

function metadataInt(metadata: Record<string, string>, key: string, fail: (why: string) => never): number {
  const v = Number(metadata[key]);
  if (metadata[key] === undefined || !Number.isSafeInteger(v) || v < 0)
    fail(`its metadata has no valid "${key}"`);
  return v;
}

/** Reads a saved buffer into a new ReplayBuffer of the saved capacity and sizes. */
export function loadReplayBuffer(path: string): ReplayBuffer {
  return readReplayBufferFile(path, null);
}

/**
 * Reads a saved buffer into `buffer`, which must have the saved sizes and capacity (or a larger one
 * when the saved buffer never overwrote a row).
 */
export function loadReplayBufferInto(path: string, buffer: ReplayBuffer): ReplayBuffer {
  return readReplayBufferFile(path, buffer);
}

function readReplayBufferFile(path: string, target: ReplayBuffer | null): ReplayBuffer {
  checkLittleEndian();
  const fail = (why: string): never => {
    throw new Error(`The replay buffer file ${path} is not valid: ${why}.`);
  };
  return withSafetensorsHeader(path, (fd, header) => {
    if (header.metadata.format !== FORMAT)
      fail(`its metadata format is "${header.metadata.format}", expected "${FORMAT}"`);
    const [capacity, obsDim, actDim, size, next, totalStored] = [
      "capacity",
      "obsDim",
      "actDim",
      "size",
      "next",
      "totalStored",
    ].map((k) => metadataInt(header.metadata, k, fail));
    if (size > capacity || next >= Math.max(capacity, 1) || totalStored < size)
      fail(
        `its metadata has size ${size}, next ${next}, totalStored ${totalStored} for capacity ${capacity}`,
      );
    // A buffer that never overwrote a row (rows 0..size-1 in order) also fits a larger buffer, so a
    // run can be made longer than it was started with.
    const inOrder = totalStored === size;
    const fits = target && (target.capacity === capacity || (inOrder && target.capacity >= size));
    if (target && (!fits || target.obsDim !== obsDim || target.actDim !== actDim))
      throw new Error(
        `The replay buffer file ${path} holds capacity ${capacity}, sizes ${obsDim}/${actDim}; the buffer to fill has capacity ${target.capacity}, sizes ${target.obsDim}/${target.actDim}.`,
      );
    if (!target)
      checkMemoryBudget(
        `The replay buffer of ${path} (capacity ${capacity})`,
        capacity * (2 * obsDim + actDim + 3) * Float32Array.BYTES_PER_ELEMENT,
      );
    const buffer = target ?? new ReplayBuffer(capacity, obsDim, actDim);
    const entries = new Map(header.entries.map((e) => [e.name, e]));
    // Check every column before touching the buffer, so a bad file leaves it unchanged.
    const plan: { name: ColumnName; position: number; bytes: number }[] = [];
    for (const name of COLUMNS) {
      const e = entries.get(name);
      if (!e) return fail(`it has no "${name}" tensor`);
      const width = columnWidth(buffer, name);
      if (e.dtype !== "F32") fail(`tensor "${name}" has dtype ${e.dtype}, expected F32`);
      if (e.count !== size * width)
        fail(`tensor "${name}" has shape [${e.shape.join(", ")}], expected ${size} rows of ${width}`);
      plan.push({ name, position: header.dataStart + e.begin, bytes: e.end - e.begin });
    }
    if (entries.size !== COLUMNS.length)
      fail(`it has ${entries.size} tensors, expected ${COLUMNS.join(", ")}`);
    buffer.setState({
      size,
      next: buffer.capacity === capacity ? next : size % buffer.capacity,
      totalStored,
    });
    for (const { name, position, bytes } of plan) {
      const column = buffer[name];
      const into = new Uint8Array(column.buffer, column.byteOffset, bytes);
      let done = 0;
      while (done < bytes) {
        const n = readSync(fd, into, done, bytes - done, position + done);
        if (n === 0) fail(`it ended while reading "${name}"`);
        done += n;
      }
    }
    return buffer;
  });
}
