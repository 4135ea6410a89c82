// Real samples of D_o named by their store serial (the n-th transition ever stored is serial n),
// so they can be remembered across the ring buffer's overwrites: serial n sits in row n % capacity
// while n >= totalStored - size. Episodes are read from the buffer's order: a transition continues
// its predecessor's episode when the predecessor neither terminated nor was truncated and its next
// state is this transition's state.
import { allocBatch, type Batch } from "../../data/batch.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";

export function isStored(buffer: ReplayBuffer, serial: number): boolean {
  const { size, totalStored } = buffer.state;
  return serial >= totalStored - size && serial < totalStored;
}

export function rowOf(buffer: ReplayBuffer, serial: number): number {
  if (!isStored(buffer, serial)) throw new Error(`Sample ${serial} is no longer in the replay buffer.`);
  return serial % buffer.capacity;
}

/** The transition after `serial` belongs to the same episode. */
export function continuesEpisode(buffer: ReplayBuffer, serial: number): boolean {
  if (!isStored(buffer, serial + 1)) return false;
  const row = rowOf(buffer, serial);
  if (buffer.terminal[row] || buffer.truncated[row]) return false;
  const next = rowOf(buffer, serial + 1);
  const o = buffer.obsDim;
  for (let d = 0; d < o; d++) if (buffer.nextObs[row * o + d] !== buffer.obs[next * o + d]) return false;
  return true;
}

/** The transitions of the given serials as one Batch (for agent.tdError). */
export function gatherBatch(buffer: ReplayBuffer, serials: readonly number[]): Batch {
  const { obsDim: o, actDim: a } = buffer;
  const out = allocBatch(serials.length, o, a);
  serials.forEach((serial, b) => {
    const i = rowOf(buffer, serial);
    out.obs.set(buffer.obs.subarray(i * o, i * o + o), b * o);
    out.nextObs.set(buffer.nextObs.subarray(i * o, i * o + o), b * o);
    out.action.set(buffer.action.subarray(i * a, i * a + a), b * a);
    out.reward[b] = buffer.reward[i];
    out.terminal[b] = buffer.terminal[i];
  });
  return out;
}
