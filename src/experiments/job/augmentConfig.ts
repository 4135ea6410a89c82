// The augmentation settings of a run (`atradiff train --augment ... --adapt ...`): which data
// augmentation feeds the agent's batches and its settings, with defaults from the paper and
// reference/hyperparameters.md.
// - atradiff (ATraDiff §4.2, Algorithm 1): the replay buffer becomes the augmented buffer around
//   the real one; offline, the dataset is upsampled with generated trajectories instead.
// - adapt (ATraDiff §4.3): online fine-tuning of the generator by an importance indicator.
// - synther (Lu et al. 2023): online, retrained on the replay buffer every retrainEvery env steps,
//   batches half real, half synthetic; offline, the dataset upsampled to upsampleTo rows.
// - s4rl (Sinha et al. 2021): Gaussian noise on the states of every sampled batch.
// The schemas and their checks live in settings/experiments.ts (kept here for existing imports).
export {
  ADAPTS,
  type AdaptName,
  AUGMENTS,
  type AugmentName,
  type AugmentSettings,
  adaptationInput,
  augmentationFields,
  augmentSettingsSchema,
  checkAugmentation,
  generationRunSettingsSchema,
  mergeSettings,
  syntherModelInput,
  syntherRunSettingsSchema,
} from "../../settings/experiments.js";
