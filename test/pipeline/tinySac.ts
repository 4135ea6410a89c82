// SAC settings of the tiny plans in the pipeline tests: a few hundred steps of 16x16 networks, with
// an evaluation and a checkpoint every 100 steps.
export function tinySac(env: string, steps: number) {
  return {
    agent: "sac",
    env,
    mode: "online",
    steps,
    seeds: [0],
    maxEpisodeSteps: 100,
    randomStartSteps: 50,
    batchSize: 16,
    logEvery: 50,
    evalEvery: 100,
    evalEpisodes: 1,
    checkpointEvery: 100,
    agentSettings: { actorHiddenSizes: [16, 16], criticHiddenSizes: [16, 16] },
  };
}
