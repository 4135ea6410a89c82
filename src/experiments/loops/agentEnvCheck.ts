// The loops hand env observations to the agent and the agent's actions to the env: sizes must agree
// and the env must take actions in [-1, 1] (the agents' tanh range; RescaleAction maps it).
import type { Agent } from "../../agents/types.js";
import type { Env } from "../../envs/types.js";

export function checkAgentFitsEnv(agent: Agent, env: Env): void {
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  if (agent.obsDim !== obsDim || agent.actDim !== actDim)
    throw new Error(
      `The agent ${agent.name} expects observations of size ${agent.obsDim} and actions of size ${agent.actDim}, but ${env.id} has ${obsDim} and ${actDim}.`,
    );
  const { low, high } = env.actionSpace;
  for (let i = 0; i < actDim; i++)
    if (low[i] !== -1 || high[i] !== 1)
      throw new Error(`The env ${env.id} must take actions in [-1, 1] (wrap it in RescaleAction).`);
}
