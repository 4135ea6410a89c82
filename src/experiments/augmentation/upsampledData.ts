// Offline augmentation (ATraDiff §5 offline, as SynthER does it): the dataset is upsampled to
// `upsampleTo` rows, its own transitions included, and the offline agent (TD3+BC, IQL) samples
// uniformly from all of them.
// - synther: a SynthER model trained on the dataset's transitions (or a pre-trained one) samples
//   the missing rows;
// - atradiff: the generator makes trajectories from start states drawn uniformly from the
//   dataset's observations until the rows are there.
// Generation works in the env's units; the rows are then preprocessed like the dataset's. The
// result is written to `cacheFile` (deterministic for the seed), so a resumed run reads it back.
import { existsSync } from "node:fs";
import { generatorSource } from "../../atradiff/augmented/trajectorySource.js";
import { loadGenerator } from "../../atradiff/generator/generatorCheckpoint.js";
import type { SyntherModel } from "../../baselines/synther/syntherModel.js";
import type { SyntherSettingsInput } from "../../baselines/synther/syntherSettings.js";
import { trainSynther } from "../../baselines/synther/trainSynther.js";
import type { Batch } from "../../data/batch.js";
import { ReplayBuffer } from "../../data/replayBuffer.js";
import { loadReplayBufferInto, saveReplayBuffer } from "../../data/replayBufferFile.js";
import type { TransitionView } from "../../data/transitions.js";
import { Rng } from "../../engine/rng.js";
import { randomStreams } from "../../util/randomStreams.js";
import { type BufferUnits, batchInBufferUnits } from "./runGeneratorSource.js";
import { storeGenerated } from "./storeGenerated.js";
import { loadSyntherModel } from "./syntherTrainingBuffer.js";

export type Upsampler =
  | { kind: "synther"; model: SyntherSettingsInput; pretrained: string | null; generationBatch: number }
  | {
      kind: "atradiff";
      generatorDir: string;
      task: number;
      samplerSteps: number | null;
      startsPerCall: number;
    };

export interface UpsampleOptions {
  /** The dataset's transitions in env units (what the generative model learns from / starts at). */
  view: TransitionView;
  /** The same transitions in the buffer's units (preprocessed). */
  data: ReplayBuffer;
  units: BufferUnits;
  upsampleTo: number;
  seed: number;
  cacheFile: string;
  upsampler: Upsampler;
  onProgress?: (rows: number, total: number) => void;
}

export function upsampledData(o: UpsampleOptions): ReplayBuffer {
  const total = Math.max(o.upsampleTo, o.data.size);
  const out = new ReplayBuffer(total, o.data.obsDim, o.data.actDim);
  if (existsSync(o.cacheFile)) {
    loadReplayBufferInto(o.cacheFile, out);
    return out;
  }
  out.storeBatch(
    {
      obs: o.data.obs,
      action: o.data.action,
      reward: o.data.reward,
      nextObs: o.data.nextObs,
      terminal: o.data.terminal,
      truncated: o.data.truncated,
    },
    o.data.size,
  );
  const missing = total - o.data.size;
  const rng = new Rng(randomStreams.upsample(o.seed));
  const progress = (n: number) => o.onProgress?.(o.data.size + n, total);
  const inUnits = (b: Batch) => batchInBufferUnits(b, o.units);
  const u = o.upsampler;
  if (missing > 0 && u.kind === "synther") {
    const model: SyntherModel = u.pretrained
      ? loadSyntherModel(u.pretrained, o.view.obsDim, o.view.actDim)
      : trainSynther(o.view, { ...u.model, seed: rng.nextUint32() });
    try {
      storeGenerated(
        out,
        missing,
        u.generationBatch,
        (n) => [inUnits(model.generateTransitions(n, rng))],
        progress,
      );
    } finally {
      model.dispose();
    }
  } else if (missing > 0 && u.kind === "atradiff") {
    const generator = loadGenerator(u.generatorDir);
    const source = generatorSource(generator, { task: u.task, steps: u.samplerSteps ?? undefined });
    const { obsDim, count, obs } = o.view;
    try {
      storeGenerated(
        out,
        missing,
        u.startsPerCall,
        () => {
          const starts = new Float32Array(u.startsPerCall * obsDim);
          for (let i = 0; i < u.startsPerCall; i++) {
            const row = rng.int(count);
            starts.set(obs.subarray(row * obsDim, (row + 1) * obsDim), i * obsDim);
          }
          return source.generate(starts, rng).map(inUnits);
        },
        progress,
      );
    } finally {
      generator.dispose();
    }
  }
  saveReplayBuffer(o.cacheFile, out);
  return out;
}
