// Agents by name, and agents rebuilt from a checkpoint (for `atradiff resume`).

import { readAgentHeader } from "./agentCheckpoint.js";
import type { AgentOptions } from "./agentOptions.js";
import { BehaviorCloning } from "./behaviorCloning.js";
import { Iql } from "./iql.js";
import { SoftActorCritic } from "./softActorCritic.js";
import { Td3bc } from "./td3bc.js";
import type { Agent } from "./types.js";

export const AGENT_KINDS = ["sac", "redq", "rlpd", "td3bc", "iql", "bc"] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export function makeAgent(kind: string, opts: AgentOptions): Agent {
  switch (kind) {
    case "sac":
    case "redq":
    case "rlpd":
      return new SoftActorCritic(kind, opts);
    case "td3bc":
      return new Td3bc(opts);
    case "iql":
      return new Iql(opts);
    case "bc":
      return new BehaviorCloning(opts);
    default:
      throw new Error(`Unknown agent "${kind}"; known agents: ${AGENT_KINDS.join(", ")}.`);
  }
}

/** Builds the agent a checkpoint was saved from (its kind, sizes and settings) and restores it. */
export function loadAgent(path: string): Agent {
  const h = readAgentHeader(path);
  const agent = makeAgent(h.agent, { obsDim: h.obsDim, actDim: h.actDim, seed: 0, settings: h.settings });
  try {
    agent.load(path);
  } catch (err) {
    agent.dispose();
    throw err;
  }
  return agent;
}
