// An offline dataset held column-wise in memory, in the D4RL convention: one row per environment
// step, episodes concatenated in order. An episode ends at a row whose terminal (the MDP ended) or
// timeout (a time limit cut it) flag is set; the last episode may end at the last row with neither
// (it was cut by the end of the recording). `makeDataset` checks every column and finds the episodes.

/** A file attribute or metadata entry; 64-bit integers beyond 2^53 are kept as decimal strings. */
export type MetadataValue = string | number | number[] | string[];
export type Metadata = Record<string, MetadataValue>;

/** A row-major matrix of float64 values (rows = dataset steps). */
export interface Float64Matrix {
  values: Float64Array;
  cols: number;
}

export interface Dataset {
  /** Number of steps (rows). */
  readonly size: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** size x obsDim */
  readonly observations: Float32Array;
  /** size x actDim */
  readonly actions: Float32Array;
  /** size */
  readonly rewards: Float32Array;
  /** size, 1 where the MDP ended at this step */
  readonly terminals: Uint8Array;
  /** size, 1 where a time limit cut the episode at this step */
  readonly timeouts: Uint8Array;
  /** size x obsDim, the observation after each step; null when the file has none */
  readonly nextObservations: Float32Array | null;
  /** MuJoCo state at each step (D4RL's infos/qpos, infos/qvel), when recorded */
  readonly qpos: Float64Matrix | null;
  readonly qvel: Float64Matrix | null;
  /** Episode e is rows [episodeOffsets[e], episodeOffsets[e + 1]); length = episodes + 1. */
  readonly episodeOffsets: Uint32Array;
  readonly metadata: Metadata;
}

export interface DatasetColumns {
  obsDim: number;
  actDim: number;
  observations: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  terminals: Uint8Array;
  timeouts: Uint8Array;
  nextObservations?: Float32Array | null;
  qpos?: Float64Matrix | null;
  qvel?: Float64Matrix | null;
  metadata?: Metadata;
}

/** Rows where an episode ends, as offsets: [0, end0 + 1, end1 + 1, ..., size]. */
export function findEpisodeOffsets(terminals: Uint8Array, timeouts: Uint8Array): Uint32Array {
  const size = terminals.length;
  let count = 0;
  for (let i = 0; i < size; i++) if (terminals[i] || timeouts[i] || i === size - 1) count++;
  const offsets = new Uint32Array(count + 1);
  let e = 1;
  for (let i = 0; i < size; i++) if (terminals[i] || timeouts[i] || i === size - 1) offsets[e++] = i + 1;
  return offsets;
}

function checkDim(name: string, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`A dataset's ${name} must be a positive integer, got ${dim}.`);
}

function checkLength(name: string, actual: number, expected: number, shape: string): void {
  if (actual !== expected)
    throw new Error(`A dataset's ${name} has ${actual} values; expected ${expected} (${shape}).`);
}

function checkFlags(name: string, flags: Uint8Array): void {
  for (let i = 0; i < flags.length; i++)
    if (flags[i] > 1) throw new Error(`A dataset's ${name} holds ${flags[i]} at row ${i}; expected 0 or 1.`);
}

/** Checks the columns' sizes against each other and finds the episode boundaries (no copies). */
export function makeDataset(columns: DatasetColumns): Dataset {
  const { obsDim, actDim } = columns;
  checkDim("observation size", obsDim);
  checkDim("action size", actDim);
  const size = columns.rewards.length;
  if (size === 0) throw new Error("A dataset needs at least one step, got 0 rewards.");
  checkLength("observations", columns.observations.length, size * obsDim, `${size} steps x ${obsDim}`);
  checkLength("actions", columns.actions.length, size * actDim, `${size} steps x ${actDim}`);
  checkLength("terminals", columns.terminals.length, size, `one per step`);
  checkLength("timeouts", columns.timeouts.length, size, `one per step`);
  checkFlags("terminals", columns.terminals);
  checkFlags("timeouts", columns.timeouts);
  const nextObservations = columns.nextObservations ?? null;
  if (nextObservations)
    checkLength("next_observations", nextObservations.length, size * obsDim, `${size} steps x ${obsDim}`);
  for (const [name, m] of [
    ["infos/qpos", columns.qpos],
    ["infos/qvel", columns.qvel],
  ] as const) {
    if (!m) continue;
    checkDim(`${name} width`, m.cols);
    checkLength(name, m.values.length, size * m.cols, `${size} steps x ${m.cols}`);
  }
  return {
    size,
    obsDim,
    actDim,
    observations: columns.observations,
    actions: columns.actions,
    rewards: columns.rewards,
    terminals: columns.terminals,
    timeouts: columns.timeouts,
    nextObservations,
    qpos: columns.qpos ?? null,
    qvel: columns.qvel ?? null,
    episodeOffsets: findEpisodeOffsets(columns.terminals, columns.timeouts),
    metadata: columns.metadata ?? {},
  };
}
