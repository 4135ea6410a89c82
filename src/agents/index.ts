// atradiff/agents: SAC, REDQ and RLPD (one maximum-entropy actor-critic with different settings),
// TD3+BC, IQL and behavior cloning; makeAgent/loadAgent by name; the actors and critic ensembles they
// are built from; the Agent interface any agent of the user's own implements to plug into the loops
// and the augmented replay buffer.
export type { AgentOptions } from "./agentOptions.js";
export { type BcSettings, bcSettingsSchema } from "./bcSettings.js";
export { BehaviorCloning } from "./behaviorCloning.js";
export { CriticEnsemble } from "./criticEnsemble.js";
export { DeterministicActor } from "./deterministicActor.js";
export { EntropyTemperature } from "./entropyTemperature.js";
export { GaussianActor } from "./gaussianActor.js";
export { Iql } from "./iql.js";
export { type IqlSettings, iqlSettingsSchema } from "./iqlSettings.js";
export { AGENT_KINDS, type AgentKind, loadAgent, makeAgent } from "./makeAgent.js";
export {
  REDQ_PRESET,
  RLPD_PRESET,
  SAC_PRESET,
  type SacFamilySettings,
  sacFamilySettingsSchema,
} from "./sacFamilySettings.js";
export { type SacFamilyName, SoftActorCritic } from "./softActorCritic.js";
export { TanhGaussianActor } from "./tanhGaussianActor.js";
export { Td3bc } from "./td3bc.js";
export { type Td3bcSettings, td3bcSettingsSchema } from "./td3bcSettings.js";
export type { ActOptions, Agent, UpdateOptions } from "./types.js";
