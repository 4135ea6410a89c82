// The agents: SAC, REDQ, RLPD (one maximum-entropy actor-critic with different settings), TD3+BC,
// IQL and behavior cloning, with their shared actors, critic ensembles and checkpoints.
export { readAgentHeader } from "./agentCheckpoint.js";
export type { AgentOptions } from "./agentOptions.js";
export { type BcSettings, bcSettingsSchema } from "./bcSettings.js";
export { BehaviorCloning } from "./behaviorCloning.js";
export { CriticEnsemble } from "./criticEnsemble.js";
export { DeterministicActor } from "./deterministicActor.js";
export { sampleMembers, softBackup } from "./ensembleTarget.js";
export { EntropyTemperature } from "./entropyTemperature.js";
export { expectileLoss } from "./expectileLoss.js";
export { GaussianActor } from "./gaussianActor.js";
export { Iql } from "./iql.js";
export { type IqlSettings, iqlSettingsSchema } from "./iqlSettings.js";
export { AGENT_KINDS, type AgentKind, loadAgent, makeAgent } from "./makeAgent.js";
export {
  MBPO_TARGET_ENTROPY,
  mbpoTargetEntropy,
  REDQ_PRESET,
  RLPD_PRESET,
  SAC_PRESET,
  type SacFamilySettings,
  sacFamilySettingsSchema,
} from "./sacFamilySettings.js";
export { type SacFamilyName, SoftActorCritic, type SoftTargets } from "./softActorCritic.js";
export { TanhGaussianActor } from "./tanhGaussianActor.js";
export { Td3bc, td3bcLambda } from "./td3bc.js";
export { type Td3bcSettings, td3bcSettingsSchema } from "./td3bcSettings.js";
export type { ActOptions, Agent, UpdateOptions } from "./types.js";
