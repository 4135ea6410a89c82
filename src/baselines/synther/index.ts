// SynthER (Lu et al. 2023): transition-level diffusion, the baseline ATraDiff is compared with.
export { type SyntherLayout, SyntherModel } from "./syntherModel.js";
export {
  parseSyntherSettings,
  type SyntherSettings,
  type SyntherSettingsInput,
  syntherSettingsSchema,
} from "./syntherSettings.js";
export { type SyntherProgress, type TrainSyntherOptions, trainSynther } from "./trainSynther.js";
export {
  batchAsTransitions,
  rowsToBatch,
  rowWidth,
  type SyntherTransitions,
  transitionsToRows,
} from "./transitionRows.js";
