// ATraDiff's augmented replay buffer D = (D_s, D_o, rho, L) (§4.2, Algorithm 1), with the store /
// sample interface of a ReplayBuffer, so any agent (and the user's own) learns from it unchanged.
//
// store(z = (s, a, s', r)): z goes into D_o; then, with probability rho / ((1 - rho) L) (one uniform
// draw from the buffer's own request stream per store), a trajectory is requested from s'. Its
// transitions go into D_s with their terminal flags, so |D_s| / |D_o| stays near rho / (1 - rho)
// (L counts stored rows per trajectory, as measureExpectedLength does). A request drawn at a
// terminal store (nothing follows s' there) moves to the next non-terminal store, so the number of
// requests per store stays rho / ((1 - rho) L) and the ratio holds (skipTerminalStarts).
// sample(n, rng): Algorithm 1's Sample draws each transition from D_s with probability rho, so a
// batch of n independent Samples has Binomial(n, rho) rows from D_s: rhoSplit.ts draws that count
// and fills the rows (per row, not per batch; all rows from D_o while D_s is still empty).
//
// Algorithm 1 generates at the store itself. Generation must not stall the agent, so requests are
// batched and served ahead of time, on a schedule counted in store calls (env steps) alone:
// - a request appends s' to the open request batch; the batch is closed as batch j and submitted
//   to the backend (generated with batchRng(seed, j)) when it holds generationBatchSize requests
//   or its oldest request is batchMaxAgeSteps stores old;
// - batch j goes into D_s (all its trajectories, in request order) insertAfterSteps stores after it
//   closed, or earlier when more than queueLength closed batches wait; flush() inserts every
//   waiting batch (and closes a partial open one).
// So a trajectory enters D_s at most batchMaxAgeSteps + insertAfterSteps env steps after its
// request (the lag, measured in lag()); 0 and 0 with batches of 1 is Algorithm 1 literally. The
// contents of D_o and D_s after every call depend only on the seed and the calls, never on whether
// (or how fast) a worker thread generates: a worker has insertAfterSteps env steps to finish a
// batch before the agent waits for it. (Dispatching whenever the worker is idle would batch by
// timing, and a batch's trajectories depend on its composition: not reproducible.)
//
// Before a trajectory goes into D_s its actions are clipped to the agents' action space [-1, 1]
// (agentEnvCheck.ts): the ATraDiff generator has clipped them already (trajectoryGenerator.ts); this
// holds D_s to it for any source. The buffer counts the steps generated, kept (the plausibility
// gate may cut a trajectory, even to nothing) and clipped, from the counts a source reports
// (GenerationCounts) and its own clipping; the generation getter gives the shares.
import type { Batch } from "../../data/batch.js";
import type { ReplayBuffer, Transition } from "../../data/replayBuffer.js";
import { Rng, type RngState } from "../../engine/rng.js";
import { clipActions } from "../generator/actionClip.js";
import { type AugmentedBufferSettings, generationProbability } from "./augmentedBufferSettings.js";
import type { GenerationBackend } from "./generationBackend.js";
import { RhoSplitSampler } from "./rhoSplit.js";

export interface AugmentedReplayBufferParts {
  /** D_o: real transitions. */
  real: ReplayBuffer;
  /** D_s: synthetic transitions (use settings.syntheticCapacity for its capacity). */
  synthetic: ReplayBuffer;
  settings: AugmentedBufferSettings;
  /** L: settings.expectedLength, or the value measured by measureExpectedLength. */
  expectedLength: number;
  backend: GenerationBackend;
  /** Seeds the request draws (the backend seeds generation). */
  seed: number;
}

/** A closed request batch not yet inserted into D_s. */
interface WaitingBatch {
  index: number;
  /** Start states, row-major. */
  starts: Float32Array;
  /** The store call that closed it. */
  closedAt: number;
  /** The store call of each request. */
  requestedAt: number[];
}

/** Everything besides D_o and D_s that a checkpoint needs to continue identically. */
export interface AugmentedReplayBufferState {
  requestRng: RngState;
  nextBatchIndex: number;
  /** Start states of the open request batch, row-major. */
  openStarts: number[];
  /** The store call of each open request. */
  openRequestedAt: number[];
  /** Closed batches not yet inserted into D_s, oldest first. */
  waiting: { index: number; starts: number[]; closedAt: number; requestedAt: number[] }[];
  requests: number;
  insertedTrajectories: number;
  /** Store calls so far (the clock of the schedule). */
  stores: number;
  /** Requests drawn at terminal stores, made at the next non-terminal one. */
  carriedRequests: number;
  /** Sum and maximum of the lags (store calls from request to insertion) of inserted trajectories. */
  lagSum: number;
  lagMax: number;
  /** Steps the inserted trajectories had before the plausibility gate, rows inserted, and steps whose action was clipped. */
  generatedSteps: number;
  insertedRows: number;
  clippedActionSteps: number;
}

/** The agents' action space is [-1, 1]^actDim (agentEnvCheck.ts). */
const AGENT_ACTION_BOUND = 1;

/**
 * A state as saved before request timing (its pending requests count from the restore) or the
 * generation counts (they count from the restore) were recorded.
 */
type KeysAddedLater =
  | "openRequestedAt"
  | "stores"
  | "carriedRequests"
  | "lagSum"
  | "lagMax"
  | "generatedSteps"
  | "insertedRows"
  | "clippedActionSteps";
export type SavedAugmentedReplayBufferState = Omit<AugmentedReplayBufferState, KeysAddedLater | "waiting"> &
  Partial<Pick<AugmentedReplayBufferState, KeysAddedLater>> & {
    waiting: { index: number; starts: number[]; closedAt?: number; requestedAt?: number[] }[];
  };

/** What happened to the steps of the trajectories inserted so far. */
export interface GenerationShares {
  generatedSteps: number;
  insertedRows: number;
  /** insertedRows / generatedSteps: what the plausibility gate kept (1 without one; 1 before any). */
  keptShare: number;
  /** Share of the generated steps whose action was outside the action space and clipped (0 before any). */
  clippedActionShare: number;
}

/** Lag of the trajectories inserted so far: env steps (store calls) from request to insertion into D_s. */
export interface RequestLag {
  trajectories: number;
  meanSteps: number;
  maxSteps: number;
}

export class AugmentedReplayBuffer {
  readonly real: ReplayBuffer;
  readonly synthetic: ReplayBuffer;
  readonly settings: AugmentedBufferSettings;
  readonly expectedLength: number;
  /** rho / ((1 - rho) L). */
  readonly requestProbability: number;
  private readonly backend: GenerationBackend;
  private readonly sampler: RhoSplitSampler;
  private requestRng: Rng;
  private openStarts: number[] = [];
  private openRequestedAt: number[] = [];
  private waiting: WaitingBatch[] = [];
  private nextBatchIndex = 0;
  private requestCount = 0;
  private insertedCount = 0;
  private stores = 0;
  private carriedRequests = 0;
  private lagSum = 0;
  private lagMax = 0;
  private generatedSteps = 0;
  private insertedRows = 0;
  private clippedActionSteps = 0;

  constructor(parts: AugmentedReplayBufferParts) {
    const { real, synthetic, settings, backend } = parts;
    if (backend.obsDim !== real.obsDim || backend.actDim !== real.actDim)
      throw new Error(
        `The generator makes observation/action sizes ${backend.obsDim}/${backend.actDim} but D_o holds ${real.obsDim}/${real.actDim}.`,
      );
    if (real === synthetic) throw new Error("D_o and D_s must be two different replay buffers.");
    this.real = real;
    this.synthetic = synthetic;
    this.settings = settings;
    this.expectedLength = parts.expectedLength;
    this.requestProbability = generationProbability(settings.rho, parts.expectedLength);
    this.backend = backend;
    this.sampler = new RhoSplitSampler(synthetic, real, settings.rho);
    this.requestRng = new Rng(parts.seed);
  }

  get obsDim(): number {
    return this.real.obsDim;
  }

  get actDim(): number {
    return this.real.actDim;
  }

  /** |D_o| + |D_s|. */
  get size(): number {
    return this.real.size + this.synthetic.size;
  }

  /** Trajectories requested so far. */
  get requests(): number {
    return this.requestCount;
  }

  /** Trajectories inserted into D_s so far. */
  get insertedTrajectories(): number {
    return this.insertedCount;
  }

  /** Env steps from request to insertion of the trajectories inserted so far. */
  get lag(): RequestLag {
    const n = this.insertedCount;
    return { trajectories: n, meanSteps: n > 0 ? this.lagSum / n : 0, maxSteps: this.lagMax };
  }

  get generation(): GenerationShares {
    const { generatedSteps, insertedRows, clippedActionSteps } = this;
    return {
      generatedSteps,
      insertedRows,
      keptShare: generatedSteps > 0 ? insertedRows / generatedSteps : 1,
      clippedActionShare: generatedSteps > 0 ? clippedActionSteps / generatedSteps : 0,
    };
  }

  /** Algorithm 1's Store. */
  store(t: Transition): void {
    this.real.store(t);
    const now = ++this.stores;
    const s = this.settings;
    if (this.requestRng.uniform() < this.requestProbability) this.carriedRequests++;
    if (!(t.terminal && s.skipTerminalStarts))
      for (; this.carriedRequests > 0; this.carriedRequests--) {
        this.requestCount++;
        for (let i = 0; i < this.obsDim; i++) this.openStarts.push(t.nextObs[i]);
        this.openRequestedAt.push(now);
        if (this.openRequestedAt.length === s.generationBatchSize) this.closeOpenBatch(now);
      }
    const oldest = this.openRequestedAt[0];
    if (oldest !== undefined && now - oldest >= s.batchMaxAgeSteps) this.closeOpenBatch(now);
    for (;;) {
      const w = this.waiting[0];
      if (!w || (this.waiting.length <= s.queueLength && now - w.closedAt < s.insertAfterSteps)) break;
      this.insertOldest();
    }
  }

  /** Algorithm 1's Sample: a batch owned by the buffer, overwritten by the next call. */
  sample(batchSize: number, rng: Rng): Batch {
    return this.sampler.sample(batchSize, rng);
  }

  sampleInto(out: Batch, rng: Rng): Batch {
    return this.sampler.sampleInto(out, rng);
  }

  /** Closes a partial open batch and inserts every waiting batch into D_s (waits for them). */
  flush(): void {
    if (this.openStarts.length > 0) this.closeOpenBatch(this.stores);
    while (this.waiting.length > 0) this.insertOldest();
  }

  get state(): AugmentedReplayBufferState {
    return {
      requestRng: this.requestRng.state,
      nextBatchIndex: this.nextBatchIndex,
      openStarts: [...this.openStarts],
      openRequestedAt: [...this.openRequestedAt],
      waiting: this.waiting.map((w) => ({
        ...w,
        starts: Array.from(w.starts),
        requestedAt: [...w.requestedAt],
      })),
      requests: this.requestCount,
      insertedTrajectories: this.insertedCount,
      stores: this.stores,
      carriedRequests: this.carriedRequests,
      lagSum: this.lagSum,
      lagMax: this.lagMax,
      generatedSteps: this.generatedSteps,
      insertedRows: this.insertedRows,
      clippedActionSteps: this.clippedActionSteps,
    };
  }

  /**
   * Continues from a saved state (D_o and D_s restored separately): waiting batches are submitted
   * again and, generating with the same batch Rng, come back the same for the same generator.
   */
  restore(s: SavedAugmentedReplayBufferState): void {
    if (this.nextBatchIndex !== 0 || this.requestCount !== 0)
      throw new Error("An augmented replay buffer can only be restored before it is used.");
    const o = this.obsDim;
    if (s.openStarts.length % o !== 0 || s.waiting.some((w) => w.starts.length % o !== 0))
      throw new Error(
        `A saved augmented replay buffer state holds start states that are not rows of ${o} values.`,
      );
    const stores = s.stores ?? this.real.state.totalStored;
    const at = (t: number[] | undefined, n: number, fallback: number) =>
      t ?? new Array<number>(n).fill(fallback);
    this.requestRng = Rng.fromState(
      s.requestRng,
      `The "requestRng" of a saved augmented replay buffer state`,
    );
    this.nextBatchIndex = s.nextBatchIndex;
    this.openStarts = [...s.openStarts];
    this.openRequestedAt = [...at(s.openRequestedAt, s.openStarts.length / o, stores)];
    this.requestCount = s.requests;
    this.insertedCount = s.insertedTrajectories;
    this.stores = stores;
    this.carriedRequests = s.carriedRequests ?? 0;
    this.lagSum = s.lagSum ?? 0;
    this.lagMax = s.lagMax ?? 0;
    this.generatedSteps = s.generatedSteps ?? 0;
    this.insertedRows = s.insertedRows ?? 0;
    this.clippedActionSteps = s.clippedActionSteps ?? 0;
    this.waiting = s.waiting.map((w) => {
      const closedAt = w.closedAt ?? stores;
      return {
        index: w.index,
        starts: Float32Array.from(w.starts),
        closedAt,
        requestedAt: [...at(w.requestedAt, w.starts.length / o, closedAt)],
      };
    });
    for (const w of this.waiting) this.backend.submit(w.index, w.starts);
  }

  /** Stops the backend (a worker thread ends); waiting batches are dropped. */
  close(): void {
    this.backend.close();
  }

  private closeOpenBatch(now: number): void {
    const starts = Float32Array.from(this.openStarts);
    const requestedAt = this.openRequestedAt;
    this.openStarts = [];
    this.openRequestedAt = [];
    const index = this.nextBatchIndex++;
    this.waiting.push({ index, starts, closedAt: now, requestedAt });
    this.backend.submit(index, starts);
  }

  private insertOldest(): void {
    const w = this.waiting.shift()!;
    this.backend.take(w.index).forEach((t, i) => {
      // A source's own count (its clipping) plus what is clipped here (none for the ATraDiff generator).
      this.clippedActionSteps += (t.clippedActionSteps ?? 0) + clipActions(t, AGENT_ACTION_BOUND);
      this.generatedSteps += t.generatedSteps ?? t.size;
      this.insertedRows += t.size;
      this.synthetic.storeBatch(t, t.size);
      this.insertedCount++;
      const lag = this.stores - w.requestedAt[i];
      this.lagSum += lag;
      this.lagMax = Math.max(this.lagMax, lag);
    });
  }
}
