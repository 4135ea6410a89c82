// S4RL (Sinha et al. 2021): Gaussian state-noise augmentation of sampled batches, a baseline of ATraDiff.
export {
  parseS4rlSettings,
  type S4rlSettings,
  type S4rlSettingsInput,
  s4rlSettingsSchema,
} from "./s4rlSettings.js";
export { type SampleableBuffer, StateNoiseSampler } from "./stateNoiseSampler.js";
