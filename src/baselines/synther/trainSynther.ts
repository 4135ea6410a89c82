// Trains SynthER's transition diffusion model (Lu et al. 2023, synther/diffusion/train_diffuser.py):
// rows [s, a, r, s', terminal] normalized per column (the terminal column skipped), batches drawn
// in shuffled passes over the rows (a DataLoader with shuffle; incomplete last batches dropped),
// one EDM training step per batch for diffusion.training.totalSteps steps.

import { type DiffusionStepStats, DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Normalizer } from "../../diffusion/normalizer.js";
import { Rng } from "../../engine/rng.js";
import { randomStreams } from "../../util/randomStreams.js";
import { SyntherModel } from "./syntherModel.js";
import { parseSyntherSettings, type SyntherSettingsInput } from "./syntherSettings.js";
import { rowWidth, type SyntherTransitions, transitionsToRows } from "./transitionRows.js";

export interface SyntherProgress extends DiffusionStepStats {
  step: number;
  totalSteps: number;
}

export interface TrainSyntherOptions {
  /** Called after every training step. */
  onProgress?: (p: SyntherProgress) => void;
}

export function trainSynther(
  transitions: SyntherTransitions,
  settingsInput: SyntherSettingsInput = {},
  opts: TrainSyntherOptions = {},
): SyntherModel {
  const settings = parseSyntherSettings(settingsInput);
  const { obsDim, actDim } = transitions;
  const { modelTerminals, terminalThreshold } = settings;
  const width = rowWidth(obsDim, actDim, modelTerminals);
  const { rows, count } = transitionsToRows(transitions, modelTerminals);
  if (count < 2)
    throw new Error(`SynthER needs at least 2 transitions with a known next state, got ${count}.`);
  const normalizer = Normalizer.fit(rows, width, { skipColumns: modelTerminals ? [width - 1] : [] });
  const diffusion = new DiffusionTrainer({
    dataDim: width,
    seed: settings.seed,
    normalizer,
    settings: settings.diffusion,
  });
  const t = settings.diffusion.training;
  const batchSize = Math.min(
    count,
    count >= settings.largeDatasetRows ? settings.largeBatchSize : t.batchSize,
  );
  const order = Array.from({ length: count }, (_, i) => i);
  const batchRng = new Rng(randomStreams.syntherBatches(settings.seed));
  let next = count; // forces a shuffle first
  const batch = new Float32Array(batchSize * width);
  for (let step = 0; step < t.totalSteps; step++) {
    if (next + batchSize > count) {
      batchRng.shuffle(order);
      next = 0;
    }
    for (let i = 0; i < batchSize; i++) {
      const r = order[next + i];
      batch.set(rows.subarray(r * width, r * width + width), i * width);
    }
    next += batchSize;
    const stats = diffusion.step(batch);
    opts.onProgress?.({ ...stats, step: step + 1, totalSteps: t.totalSteps });
  }
  return new SyntherModel(diffusion, { obsDim, actDim, modelTerminals, terminalThreshold });
}
