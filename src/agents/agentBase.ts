// What every atradiff agent shares: sizes and settings checked once, act() as a batch of one, and
// the checkpoint (save, load) and disposal driven by one list of the agent's state
// (agentCheckpoint.ts), so adding a network to an agent cannot forget to save or free it.
import type { z } from "zod";
import type { Batch } from "../data/batch.js";
import { Rng } from "../engine/rng.js";
import { type AgentHeader, type AgentStateParts, loadAgentState, saveAgentState } from "./agentCheckpoint.js";
import { type AgentOptions, checkAgentSizes } from "./agentOptions.js";
import { parseAgentSettings } from "./parseAgentSettings.js";
import type { ActOptions, Agent, UpdateOptions } from "./types.js";

export abstract class AgentBase<Schema extends z.ZodTypeAny, Name extends string = string> implements Agent {
  readonly name: Name;
  readonly obsDim: number;
  readonly actDim: number;
  readonly settings: z.output<Schema>;
  abstract readonly updatesPerStep: number;
  /** The agent's seed stream: subclasses split their initialization and sampling streams from it, in a fixed order. */
  protected readonly seedRng: Rng;

  protected constructor(name: Name, schema: Schema, opts: AgentOptions) {
    checkAgentSizes(name, opts);
    this.name = name;
    this.obsDim = opts.obsDim;
    this.actDim = opts.actDim;
    this.settings = parseAgentSettings(name, schema, opts.settings);
    this.seedRng = new Rng(opts.seed);
  }

  /** Everything a checkpoint holds; also what dispose() frees. */
  protected abstract stateParts(): AgentStateParts;

  /** Takes back the counters of a loaded checkpoint (default: the agent keeps none). */
  protected restoreCounters(_counters: Record<string, number>): void {}

  abstract actBatch(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array;
  abstract update(batch: Batch, opts?: UpdateOptions): Record<string, number>;
  abstract tdError(batch: Batch): Float32Array;

  act(obs: ArrayLike<number>, opts: ActOptions): Float32Array {
    return this.actBatch(obs, 1, opts);
  }

  private header(): AgentHeader {
    return { agent: this.name, obsDim: this.obsDim, actDim: this.actDim, settings: this.settings };
  }

  save(path: string): void {
    saveAgentState(path, this.header(), this.stateParts());
  }

  load(path: string): void {
    this.restoreCounters(loadAgentState(path, this.header(), this.stateParts()));
  }

  dispose(): void {
    const parts = this.stateParts();
    for (const m of Object.values(parts.modules)) m.dispose();
    for (const o of Object.values(parts.optimizers)) o.dispose();
    for (const t of Object.values(parts.tensors ?? {})) t.dispose();
  }
}
