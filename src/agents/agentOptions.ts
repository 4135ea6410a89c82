// What every agent constructor takes: the sizes, a seed for all its random draws (network
// initialization, exploration, sampled critics) and its settings (validated by its schema).

export interface AgentOptions {
  obsDim: number;
  actDim: number;
  /** Any integer or list of integers (e.g. [runSeed, 7]); same seed, same agent, bit for bit. */
  seed: number | readonly number[];
  /** Overrides of the agent's defaults; unknown keys are refused. */
  settings?: Record<string, unknown>;
}

export function checkAgentSizes(agent: string, opts: AgentOptions): void {
  for (const key of ["obsDim", "actDim"] as const)
    if (!Number.isInteger(opts[key]) || opts[key] < 1)
      throw new Error(`${agent}: ${key} must be a positive integer, got ${String(opts[key])}.`);
}
