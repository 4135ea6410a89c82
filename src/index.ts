// atradiff: the library's front door. Train an agent in one call (learn: with ATraDiff, SynthER, S4RL
// or no augmentation) and use what comes back (TrainedAgent: predict, save, load); make envs; and
// the engine and network basics of the README's first example. Everything else is in the layers'
// own entries: atradiff/engine, /nn, /envs, /agents, /data, /diffusion, /generator (ATraDiff),
// /baselines (SynthER, S4RL) and /experiments.

export { ops, Tensor, tidy } from "./engine/index.js";
export { Rng, type RngState } from "./engine/rng.js";
export { closeEngine, type Engine, type EngineOptions, initEngine } from "./engine/runtime.js";
export { listEnvs, makeEnv } from "./envs/index.js";
export type { Box, Env } from "./envs/types.js";
export {
  type LearnOptions,
  type LearnResult,
  type LearnSettings,
  learn,
  loadTrainedAgent,
} from "./experiments/learn/learn.js";
export { type PredictOptions, TrainedAgent } from "./experiments/learn/trainedAgent.js";
export { Adam, MLP, saveModule } from "./nn/index.js";
