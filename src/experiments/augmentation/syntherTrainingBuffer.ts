// SynthER online (Lu et al. 2023, reference/hyperparameters.md; ATraDiff's online baseline): every
// retrainEvery env steps a SynthER model is trained from scratch on the whole replay buffer, and the
// synthetic buffer is replaced by syntheticSize transitions sampled from it. Batches are half real,
// half synthetic (all real until the first synthetic buffer exists). With a pre-trained model (on
// the offline data), its samples fill the synthetic buffer until the first retraining.
//
// Retraining i and its samples are seeded by (seed, i) alone, so a checkpoint needs only the real
// and synthetic buffers and the retraining count.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SyntherModel } from "../../baselines/synther/syntherModel.js";
import type { SyntherSettingsInput } from "../../baselines/synther/syntherSettings.js";
import { trainSynther } from "../../baselines/synther/trainSynther.js";
import type { SyntherTransitions } from "../../baselines/synther/transitionRows.js";
import type { Batch } from "../../data/batch.js";
import { ReplayBuffer, type Transition } from "../../data/replayBuffer.js";
import { loadReplayBufferInto, saveReplayBuffer } from "../../data/replayBufferFile.js";
import { Rng } from "../../engine/rng.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { randomStreams } from "../../util/randomStreams.js";
import { MixedBatchSampler } from "../loops/mixedBatchSampler.js";
import { type BufferMetrics, REPLAY_FILE, type TrainingBuffer } from "../loops/trainingBuffer.js";
import { storeGenerated } from "./storeGenerated.js";

export const SYNTHER_SYNTHETIC_FILE = "synther-synthetic.safetensors";
export const SYNTHER_STATE_FILE = "synther.json";

export interface SyntherTrainingBufferOptions {
  real: ReplayBuffer;
  /** SynthER's model settings (the seed is set per retraining). */
  model: SyntherSettingsInput;
  retrainEvery: number;
  syntheticSize: number;
  generationBatch: number;
  /** A SyntherModel file whose samples fill the synthetic buffer before the first retraining. */
  pretrained: string | null;
  seed: number;
}

export class SyntherTrainingBuffer implements TrainingBuffer {
  readonly real: ReplayBuffer;
  readonly synthetic: ReplayBuffer;
  private readonly mixed: MixedBatchSampler;
  private retrains = 0;
  private started = false;
  private generationSeconds = 0;
  private trainingSeconds = 0;

  constructor(private readonly o: SyntherTrainingBufferOptions) {
    this.real = o.real;
    this.synthetic = new ReplayBuffer(o.syntheticSize, o.real.obsDim, o.real.actDim);
    this.mixed = new MixedBatchSampler(this.real, this.synthetic);
  }

  get size(): number {
    return this.real.size + this.synthetic.size;
  }

  store(t: Transition): void {
    this.start();
    this.real.store(t);
  }

  sample(batchSize: number, rng: Rng): Batch {
    this.start();
    return this.synthetic.size > 0 ? this.mixed.sample(batchSize, rng) : this.real.sample(batchSize, rng);
  }

  afterStep(step: number): void {
    if (step % this.o.retrainEvery !== 0) return;
    const started = performance.now();
    const model = trainSynther(replayTransitions(this.real), {
      ...this.o.model,
      seed: new Rng(randomStreams.syntherRetrain(this.o.seed, this.retrains)).nextUint32(),
    });
    this.trainingSeconds += (performance.now() - started) / 1000;
    try {
      this.regenerate(model);
    } finally {
      model.dispose();
    }
    this.retrains++;
  }

  metrics(): BufferMetrics {
    const out: BufferMetrics = {
      synthetic: { rows: this.synthetic.state.totalStored, retrains: this.retrains },
      generationSeconds: this.generationSeconds,
      adaptationSeconds: this.trainingSeconds,
    };
    this.generationSeconds = 0;
    this.trainingSeconds = 0;
    return out;
  }

  save(dir: string): void {
    saveReplayBuffer(join(dir, REPLAY_FILE), this.real);
    saveReplayBuffer(join(dir, SYNTHER_SYNTHETIC_FILE), this.synthetic);
    writeFileAtomic(join(dir, SYNTHER_STATE_FILE), `${JSON.stringify({ retrains: this.retrains })}\n`);
  }

  restore(dir: string): void {
    const path = join(dir, SYNTHER_STATE_FILE);
    if (!existsSync(path)) throw new Error(`The checkpoint ${dir} has no ${SYNTHER_STATE_FILE}.`);
    loadReplayBufferInto(join(dir, REPLAY_FILE), this.real);
    loadReplayBufferInto(join(dir, SYNTHER_SYNTHETIC_FILE), this.synthetic);
    this.retrains = (JSON.parse(readFileSync(path, "utf8")) as { retrains: number }).retrains;
    this.started = true;
  }

  /** A fresh run with a pre-trained model fills the synthetic buffer from it first. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.o.pretrained === null) return;
    const model = loadSyntherModel(this.o.pretrained, this.real.obsDim, this.real.actDim);
    try {
      this.regenerate(model);
    } finally {
      model.dispose();
    }
  }

  /** Replaces the synthetic buffer's contents with syntheticSize samples of the model. */
  private regenerate(model: SyntherModel): void {
    const started = performance.now();
    const rng = new Rng(randomStreams.syntherRegeneration(this.o.seed, this.retrains));
    const totalStored = this.synthetic.state.totalStored;
    this.synthetic.setState({ size: 0, next: 0, totalStored });
    storeGenerated(this.synthetic, this.o.syntheticSize, this.o.generationBatch, (n) => [
      model.generateTransitions(n, rng),
    ]);
    this.generationSeconds += (performance.now() - started) / 1000;
  }
}

/** A SynthER model file that must fit the env's observation and action sizes. */
export function loadSyntherModel(path: string, obsDim: number, actDim: number): SyntherModel {
  if (!existsSync(path)) throw new Error(`The SynthER model file ${path} does not exist.`);
  const model = SyntherModel.load(path);
  if (model.layout.obsDim !== obsDim || model.layout.actDim !== actDim) {
    model.dispose();
    throw new Error(
      `The SynthER model ${path} makes observation/action sizes ${model.layout.obsDim}/${model.layout.actDim}, but the env has ${obsDim}/${actDim}.`,
    );
  }
  return model;
}

// The filled rows of a replay buffer as SynthER's transitions (baselines/synther/transitionRows.ts).
function replayTransitions(b: ReplayBuffer): SyntherTransitions {
  const n = b.size;
  return {
    count: n,
    obsDim: b.obsDim,
    actDim: b.actDim,
    obs: b.obs.subarray(0, n * b.obsDim),
    actions: b.action.subarray(0, n * b.actDim),
    rewards: b.reward.subarray(0, n),
    nextObs: b.nextObs.subarray(0, n * b.obsDim),
    terminals: b.terminal.subarray(0, n),
  };
}
