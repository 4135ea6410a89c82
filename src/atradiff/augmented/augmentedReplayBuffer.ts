// ATraDiff's augmented replay buffer D = (D_s, D_o, rho, L) (§4.2, Algorithm 1), with the store /
// sample interface of a ReplayBuffer, so any agent (and the user's own) learns from it unchanged.
//
// store(z = (s, a, s', r)): z goes into D_o; then, with probability rho / ((1 - rho) L) (one uniform
// draw from the buffer's own request stream per store), a trajectory is requested from s'. Its
// transitions go into D_s with their terminal flags, so |D_s| / |D_o| stays near rho / (1 - rho).
// sample(n, rng): a binomial split of the batch, rho from D_s, the rest from D_o (rhoSplit.ts).
//
// Requests are batched so that generation neither stalls the agent nor depends on timing:
// - a request appends s' to the open request batch; when it holds generationBatchSize states it is
//   closed as batch j and submitted to the backend (generated with batchRng(seed, j));
// - when closing batch j leaves more than queueLength closed batches waiting, the oldest waiting
//   batch is inserted into D_s (all its trajectories, in request order) right there, before the
//   store call returns; flush() inserts every waiting batch (and closes a partial open one).
// The contents of D_o and D_s after every call therefore depend only on the seed and the calls,
// never on whether (or how fast) a worker thread generates: a worker has queueLength batch
// periods to finish a batch before the agent waits for it.
import type { Batch } from "../../data/batch.js";
import type { ReplayBuffer, Transition } from "../../data/replayBuffer.js";
import { Rng, type RngState } from "../../engine/rng.js";
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

/** Everything besides D_o and D_s that a checkpoint needs to continue identically. */
export interface AugmentedReplayBufferState {
  requestRng: RngState;
  nextBatchIndex: number;
  /** Start states of the open request batch, row-major. */
  openStarts: number[];
  /** Closed batches not yet inserted into D_s, oldest first. */
  waiting: { index: number; starts: number[] }[];
  requests: number;
  insertedTrajectories: number;
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
  private waiting: { index: number; starts: Float32Array }[] = [];
  private nextBatchIndex = 0;
  private requestCount = 0;
  private insertedCount = 0;

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

  /** Algorithm 1's Store. */
  store(t: Transition): void {
    this.real.store(t);
    const requested = this.requestRng.uniform() < this.requestProbability;
    if (!requested || (t.terminal && this.settings.skipTerminalStarts)) return;
    this.requestCount++;
    for (let i = 0; i < this.obsDim; i++) this.openStarts.push(t.nextObs[i]);
    if (this.openStarts.length === this.settings.generationBatchSize * this.obsDim) {
      this.closeOpenBatch();
      while (this.waiting.length > this.settings.queueLength) this.insertOldest();
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
    if (this.openStarts.length > 0) this.closeOpenBatch();
    while (this.waiting.length > 0) this.insertOldest();
  }

  get state(): AugmentedReplayBufferState {
    return {
      requestRng: this.requestRng.state,
      nextBatchIndex: this.nextBatchIndex,
      openStarts: [...this.openStarts],
      waiting: this.waiting.map((w) => ({ index: w.index, starts: Array.from(w.starts) })),
      requests: this.requestCount,
      insertedTrajectories: this.insertedCount,
    };
  }

  /**
   * Continues from a saved state (D_o and D_s restored separately): waiting batches are submitted
   * again and, generating with the same batch Rng, come back the same for the same generator.
   */
  restore(s: AugmentedReplayBufferState): void {
    if (this.nextBatchIndex !== 0 || this.requestCount !== 0)
      throw new Error("An augmented replay buffer can only be restored before it is used.");
    const o = this.obsDim;
    if (s.openStarts.length % o !== 0 || s.waiting.some((w) => w.starts.length % o !== 0))
      throw new Error(
        `A saved augmented replay buffer state holds start states that are not rows of ${o} values.`,
      );
    this.requestRng = Rng.fromState(s.requestRng);
    this.nextBatchIndex = s.nextBatchIndex;
    this.openStarts = [...s.openStarts];
    this.requestCount = s.requests;
    this.insertedCount = s.insertedTrajectories;
    this.waiting = s.waiting.map((w) => ({ index: w.index, starts: Float32Array.from(w.starts) }));
    for (const w of this.waiting) this.backend.submit(w.index, w.starts);
  }

  /** Stops the backend (a worker thread ends); waiting batches are dropped. */
  close(): void {
    this.backend.close();
  }

  private closeOpenBatch(): void {
    const starts = Float32Array.from(this.openStarts);
    this.openStarts = [];
    const index = this.nextBatchIndex++;
    this.waiting.push({ index, starts });
    this.backend.submit(index, starts);
  }

  private insertOldest(): void {
    const w = this.waiting.shift()!;
    for (const t of this.backend.take(w.index)) {
      this.synthetic.storeBatch(t, t.size);
      this.insertedCount++;
    }
  }
}
