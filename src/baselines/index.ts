// atradiff/baselines: the methods ATraDiff is compared with. SynthER (Lu et al. 2023): a transition
// diffusion model whose samples fill a synthetic buffer; S4RL (Sinha et al. 2021): Gaussian noise on
// the states of every sampled batch.
export {
  parseS4rlSettings,
  type S4rlSettings,
  type S4rlSettingsInput,
  s4rlSettingsSchema,
} from "./s4rl/s4rlSettings.js";
export { type SampleableBuffer, StateNoiseSampler } from "./s4rl/stateNoiseSampler.js";
export { type SyntherLayout, SyntherModel } from "./synther/syntherModel.js";
export {
  parseSyntherSettings,
  type SyntherSettings,
  type SyntherSettingsInput,
  syntherSettingsSchema,
} from "./synther/syntherSettings.js";
export { type SyntherProgress, type TrainSyntherOptions, trainSynther } from "./synther/trainSynther.js";
export { batchAsTransitions, type SyntherTransitions } from "./synther/transitionRows.js";
