// A run's checkpoints/ directory. Each checkpoint is a directory step-<N>/ written first under a
// temporary name and renamed when complete; latest.json (replaced atomically) then points at it,
// and only after that are older checkpoints removed. A run killed at any moment therefore always
// has one complete checkpoint that latest.json names (or none yet).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";

const POINTER = "latest.json";
const STATE_FILE = "loop.json";
const INCOMING_PREFIX = ".incoming-";

export interface Checkpoint<State> {
  /** The checkpoint's directory (agent, replay buffer, loop state files). */
  dir: string;
  state: State;
}

export class CheckpointStore<State> {
  constructor(readonly root: string) {}

  /**
   * Writes a complete checkpoint: `writeFiles(dir)` saves the agent, buffer... into a fresh
   * directory, then the loop state is added and the checkpoint becomes the latest.
   */
  write(step: number, state: State, writeFiles: (dir: string) => void): string {
    mkdirSync(this.root, { recursive: true });
    this.removeIncoming();
    const name = `step-${step}`;
    if (this.latestName() === name)
      throw new Error(`The checkpoint ${join(this.root, name)} was already written.`);
    const incoming = join(this.root, `${INCOMING_PREFIX}${name}-${process.pid}`);
    mkdirSync(incoming);
    writeFiles(incoming);
    writeFileAtomic(join(incoming, STATE_FILE), `${JSON.stringify(state)}\n`);
    const final = join(this.root, name);
    // A directory of this name can only be a leftover that latest.json never pointed at (a run
    // killed between the rename and the pointer update, then resumed from an earlier checkpoint).
    rmSync(final, { recursive: true, force: true });
    renameSync(incoming, final);
    writeFileAtomic(join(this.root, POINTER), `${JSON.stringify({ checkpoint: name })}\n`);
    for (const entry of readdirSync(this.root))
      if (entry.startsWith("step-") && entry !== name)
        rmSync(join(this.root, entry), { recursive: true, force: true });
    return final;
  }

  /** The checkpoint latest.json points at, or null when the run has none yet. */
  latest(): Checkpoint<State> | null {
    const name = this.latestName();
    if (name === null) return null;
    const dir = join(this.root, name);
    const statePath = join(dir, STATE_FILE);
    if (!existsSync(statePath))
      throw new Error(`The checkpoint ${dir} named by ${join(this.root, POINTER)} has no ${STATE_FILE}.`);
    let state: State;
    try {
      state = JSON.parse(readFileSync(statePath, "utf8")) as State;
    } catch (err) {
      throw new Error(`The checkpoint state ${statePath} is not valid JSON (${(err as Error).message}).`);
    }
    return { dir, state };
  }

  private latestName(): string | null {
    const pointer = join(this.root, POINTER);
    if (!existsSync(pointer)) return null;
    let name: unknown;
    try {
      name = (JSON.parse(readFileSync(pointer, "utf8")) as { checkpoint?: unknown }).checkpoint;
    } catch {
      name = undefined;
    }
    if (typeof name !== "string" || !/^step-\d+$/.test(name))
      throw new Error(`${pointer} must hold {"checkpoint": "step-<N>"}; the file is damaged.`);
    return name;
  }

  /** Half-written checkpoints of a killed process. */
  private removeIncoming(): void {
    for (const entry of readdirSync(this.root))
      if (entry.startsWith(INCOMING_PREFIX)) rmSync(join(this.root, entry), { recursive: true, force: true });
  }
}
