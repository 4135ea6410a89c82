// Agent settings that the reference implementations choose per environment
// (reference/hyperparameters.md): REDQ's target entropies from MBPO on MuJoCo tasks; RLPD on
// AntMaze (one critic in the target min, no entropy term in the backup, 256x3 networks); IQL on
// AntMaze (expectile 0.9, beta 10). A job stores them in its config.json, under whatever the user set.
import { MBPO_TARGET_ENTROPY } from "../../agents/sacFamilySettings.js";
import { d4rlFamilyOf } from "../../data/d4rlScores.js";
import type { AgentName } from "./runConfig.js";

export function envAgentSettings(agent: AgentName, envId: string): Record<string, unknown> {
  const antmaze = d4rlFamilyOf(envId) === "antmaze";
  if (agent === "redq" && envId in MBPO_TARGET_ENTROPY) return { targetEntropy: MBPO_TARGET_ENTROPY[envId] };
  if (agent === "rlpd" && antmaze)
    return {
      numTargetCritics: 1,
      backupEntropy: false,
      actorHiddenSizes: [256, 256, 256],
      criticHiddenSizes: [256, 256, 256],
    };
  if (agent === "iql" && antmaze) return { expectile: 0.9, beta: 10 };
  return {};
}
