// The medium-replay data as the training run saved it (its replay buffer and qpos/qvel rows up to
// the step the medium policy was taken), turned into dataset columns. The buffer stores every
// transition in order, so its rows are the run's steps; the last episode was usually still running
// at that step and ends with neither flag.
import { existsSync, readFileSync } from "node:fs";
import type { DatasetColumns } from "../data/dataset.js";
import { loadReplayBuffer } from "../data/replayBufferFile.js";
import type { MediumRecord, TrainingDirectory } from "./trainingDirectory.js";

export interface MediumReplayData {
  columns: DatasetColumns;
  record: MediumRecord;
  /** Returns of the training episodes that ended before the medium step. */
  episodeReturns: number[];
}

export function readMediumReplay(dir: TrainingDirectory): MediumReplayData {
  const record = dir.medium();
  if (!record) throw new Error(`The training run ${dir.root} has no medium snapshot yet.`);
  const buffer = loadReplayBuffer(dir.mediumReplay);
  const rows = buffer.size;
  if (rows !== record.step || buffer.state.totalStored !== rows)
    throw new Error(
      `The medium replay buffer ${dir.mediumReplay} holds ${rows} of ${buffer.state.totalStored} stored transitions, but the medium policy was taken at step ${record.step}.`,
    );
  const terminals = new Uint8Array(rows);
  const timeouts = new Uint8Array(rows);
  const episodeReturns: number[] = [];
  let episodeReturn = 0;
  for (let i = 0; i < rows; i++) {
    terminals[i] = buffer.terminal[i] === 1 ? 1 : 0;
    timeouts[i] = buffer.truncated[i] === 1 && !terminals[i] ? 1 : 0;
    episodeReturn += buffer.reward[i];
    if (terminals[i] || timeouts[i]) {
      episodeReturns.push(episodeReturn);
      episodeReturn = 0;
    }
  }
  const columns: DatasetColumns = {
    obsDim: buffer.obsDim,
    actDim: buffer.actDim,
    observations: buffer.obs.subarray(0, rows * buffer.obsDim),
    actions: buffer.action.subarray(0, rows * buffer.actDim),
    rewards: buffer.reward.subarray(0, rows),
    terminals,
    timeouts,
    nextObservations: buffer.nextObs.subarray(0, rows * buffer.obsDim),
  };
  const width = record.nq + record.nv;
  if (width > 0) {
    if (!existsSync(dir.mediumStates))
      throw new Error(
        `The training run ${dir.root} lacks ${dir.mediumStates}, the medium replay's qpos/qvel.`,
      );
    const bytes = readFileSync(dir.mediumStates);
    if (bytes.length !== rows * width * 8)
      throw new Error(
        `${dir.mediumStates} holds ${bytes.length} bytes; expected ${rows} steps of ${width} float64 values.`,
      );
    const states = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const qpos = new Float64Array(rows * record.nq);
    const qvel = new Float64Array(rows * record.nv);
    for (let i = 0; i < rows; i++) {
      qpos.set(states.subarray(i * width, i * width + record.nq), i * record.nq);
      qvel.set(states.subarray(i * width + record.nq, (i + 1) * width), i * record.nv);
    }
    columns.qpos = { values: qpos, cols: record.nq };
    columns.qvel = { values: qvel, cols: record.nv };
  }
  return { columns, record, episodeReturns };
}
