// The SharedArrayBuffer through which VectorEnv and its workers exchange every step (no
// postMessage per step). Both sides build the same views from the same sizes.
import { INFO_HEADER_SLOTS, type InfoSlot } from "./infoCodec.js";

/** Per worker, four Int32 slots in `control`. */
export const CONTROL_SLOTS = 4;
/** Slot offsets inside a worker's control block. */
export const SLOT = {
  /** Incremented by the main thread to hand the worker a command. */
  commandSeq: 0,
  /** Set by the worker to the commandSeq it has finished. */
  doneSeq: 1,
  command: 2,
  /** 0 ok, 1 failed (the message is in the worker's error bytes). */
  status: 3,
} as const;

export const COMMAND = { step: 1, reset: 2, close: 3 } as const;
export const STATUS = { ok: 0, failed: 1 } as const;

export interface LayoutSizes {
  numEnvs: number;
  numWorkers: number;
  obsDim: number;
  actDim: number;
  /** Capacity for one env's info values (doubles). */
  infoValues: number;
  /** Capacity for one env's info schema, or the info as JSON when it is not all numbers, in bytes. */
  infoBytes: number;
  /** Capacity for one worker's error message. */
  errorBytes: number;
}

export interface SharedViews {
  control: Int32Array;
  actions: Float64Array;
  obs: Float64Array;
  finalObs: Float64Array;
  rewards: Float64Array;
  /** With a reset command: the seed of each env (NaN: no seed). */
  seeds: Float64Array;
  /** Per env: bit 0 terminated, bit 1 truncated, bit 2 ended (finalObs is valid). */
  flags: Uint8Array;
  /** Per env: INFO_HEADER_SLOTS Int32s (see infoCodec.ts). */
  infoHeaders: Int32Array;
  infoValues: Float64Array;
  infoBytes: Uint8Array;
  errorLengths: Int32Array;
  errorBytes: Uint8Array;
}

export const FLAG = { terminated: 1, truncated: 2, ended: 4 } as const;

/** Byte offsets of every view, each aligned to 8 bytes. */
function plan(s: LayoutSizes) {
  // [view, bytes per element, elements]
  const parts: [keyof SharedViews, number, number][] = [
    ["control", 4, s.numWorkers * CONTROL_SLOTS],
    ["actions", 8, s.numEnvs * s.actDim],
    ["obs", 8, s.numEnvs * s.obsDim],
    ["finalObs", 8, s.numEnvs * s.obsDim],
    ["rewards", 8, s.numEnvs],
    ["seeds", 8, s.numEnvs],
    ["flags", 1, s.numEnvs],
    ["infoHeaders", 4, s.numEnvs * INFO_HEADER_SLOTS],
    ["infoValues", 8, s.numEnvs * s.infoValues],
    ["infoBytes", 1, s.numEnvs * s.infoBytes],
    ["errorLengths", 4, s.numWorkers],
    ["errorBytes", 1, s.numWorkers * s.errorBytes],
  ];
  let offset = 0;
  const offsets = parts.map(([name, bytes, length]) => {
    const at = offset;
    offset += Math.ceil((bytes * length) / 8) * 8;
    return { name, at, length };
  });
  return { offsets, totalBytes: offset };
}

export function sharedBufferBytes(s: LayoutSizes): number {
  return plan(s).totalBytes;
}

export function sharedViews(buffer: SharedArrayBuffer, s: LayoutSizes): SharedViews {
  const where = new Map(plan(s).offsets.map((o) => [o.name, o]));
  const f64 = (name: keyof SharedViews) =>
    new Float64Array(buffer, where.get(name)!.at, where.get(name)!.length);
  const i32 = (name: keyof SharedViews) =>
    new Int32Array(buffer, where.get(name)!.at, where.get(name)!.length);
  const u8 = (name: keyof SharedViews) =>
    new Uint8Array(buffer, where.get(name)!.at, where.get(name)!.length);
  return {
    control: i32("control"),
    actions: f64("actions"),
    obs: f64("obs"),
    finalObs: f64("finalObs"),
    rewards: f64("rewards"),
    seeds: f64("seeds"),
    flags: u8("flags"),
    infoHeaders: i32("infoHeaders"),
    infoValues: f64("infoValues"),
    infoBytes: u8("infoBytes"),
    errorLengths: i32("errorLengths"),
    errorBytes: u8("errorBytes"),
  };
}

/** Env i's info slot inside the views. */
export function infoSlot(v: SharedViews, s: LayoutSizes, i: number): InfoSlot {
  return {
    values: v.infoValues.subarray(i * s.infoValues, (i + 1) * s.infoValues),
    bytes: v.infoBytes.subarray(i * s.infoBytes, (i + 1) * s.infoBytes),
    header: v.infoHeaders.subarray(i * INFO_HEADER_SLOTS, (i + 1) * INFO_HEADER_SLOTS),
  };
}
