// SAC + ATraDiff in one file, top to bottom (in the spirit of CleanRL's single-file algorithms):
// make the env, collect offline data, train a (tiny) ATraDiff generator on it (§4.1), build SAC and
// Algorithm 1's augmented replay buffer (§4.2), then the training loop: act, store (the buffer
// requests imagined trajectories from the stored next state), sample a batch mixed at rate rho,
// update. It uses only the package's public entries, as a user's program would.
//
//   npm run build && node dist/examples/sacAtradiff.js
//   TOTAL_STEPS=20000 node dist/examples/sacAtradiff.js      (each config value has its variable)
import { makeAgent } from "atradiff/agents";
import { makeDataset, ReplayBuffer } from "atradiff/data";
import { closeEngine, initEngine, Rng } from "atradiff/engine";
import { makeEnv, RescaleAction } from "atradiff/envs";
import {
  AugmentedReplayBuffer,
  generatorSource,
  InThreadGeneration,
  measureExpectedLength,
  parseAugmentedBufferSettings,
  trainGenerator,
  trainingEpisodesFromDataset,
} from "atradiff/generator";

// ---- Config: each value can be set by the environment variable of its name ----
const config = {
  ENV: process.env.ENV ?? "pendulum", // environment id (`atradiff env list`)
  AGENT: process.env.AGENT ?? "sac", // sac, redq or rlpd
  SEED: setting("SEED", 1), // seeds every random draw: same seed, same result, bit for bit
  TOTAL_STEPS: setting("TOTAL_STEPS", 5000), // env steps of online training
  LEARNING_STARTS: setting("LEARNING_STARTS", 1000), // uniform random actions before the first update
  BATCH_SIZE: setting("BATCH_SIZE", 256), // transitions per gradient step
  OFFLINE_EPISODES: setting("OFFLINE_EPISODES", 10), // random-action episodes the generator learns from
  DIFFUSER_STEPS: setting("DIFFUSER_STEPS", 400), // training steps per window diffuser (a demo's few)
  RHO: setting("RHO", 0.5), // rho: the share of each batch drawn from imagined transitions (§4.2)
  EVAL_EPISODES: setting("EVAL_EPISODES", 5), // deterministic episodes of the final evaluation
};

function setting(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0)
    throw new Error(`${name} must be a non-negative number, got "${process.env[name]}".`);
  return v;
}

await initEngine(); // threads: ATRADIFF_THREADS, or one per core
const rng = new Rng(config.SEED);

// ---- The env: agents act in [-1, 1]^actDim; RescaleAction maps that onto the env's action box ----
const env = new RescaleAction(await makeEnv(config.ENV));
const evalEnv = new RescaleAction(await makeEnv(config.ENV));
const obsDim = env.observationSpace.low.length;
const actDim = env.actionSpace.low.length;

// ---- Offline data: episodes of uniformly random actions, as a dataset in the D4RL layout ----
const d = {
  obs: [] as number[],
  act: [] as number[],
  rew: [] as number[],
  next: [] as number[],
  term: [] as number[],
  out: [] as number[],
};
for (let e = 0; e < config.OFFLINE_EPISODES; e++) {
  let obs = env.reset({ seed: rng.nextUint32() }).obs;
  for (let done = false; !done; ) {
    const action = env.actionSpace.sample(rng);
    const r = env.step(action);
    d.obs.push(...obs);
    d.act.push(...action);
    d.rew.push(r.reward);
    d.next.push(...r.obs);
    d.term.push(r.terminated ? 1 : 0);
    d.out.push(r.truncated && !r.terminated ? 1 : 0);
    obs = r.obs;
    done = r.terminated || r.truncated;
  }
}
const dataset = makeDataset({
  obsDim,
  actDim,
  observations: Float32Array.from(d.obs),
  actions: Float32Array.from(d.act),
  rewards: Float32Array.from(d.rew),
  nextObservations: Float32Array.from(d.next),
  terminals: Uint8Array.from(d.term),
  timeouts: Uint8Array.from(d.out),
  metadata: { env: config.ENV },
});

// ---- §4.1: the generator (window diffusers, length estimator, pruner), tiny so it trains in seconds ----
const { generator } = trainGenerator(trainingEpisodesFromDataset(dataset), {
  windowLengths: [4, 8],
  diffusion: {
    denoiser: { temporal: { width: 32, depth: 1 } },
    training: { totalSteps: config.DIFFUSER_STEPS, batchSize: 64 },
    edm: { sampleSteps: 8 },
  },
  estimator: { hiddenSizes: [32], steps: 100 },
  plausibilityGate: { enabled: false }, // the paper exactly: no cut of implausible steps
  seed: config.SEED,
});

// ---- The agent ----
if (!["sac", "redq", "rlpd"].includes(config.AGENT))
  throw new Error(`AGENT must be an online agent: sac, redq or rlpd, got "${config.AGENT}".`);
const agent = makeAgent(config.AGENT, { obsDim, actDim, seed: config.SEED });

// ---- §4.2, Algorithm 1: D = (D_s, D_o, rho, L) ----
const source = generatorSource(generator);
const settings = parseAugmentedBufferSettings({ rho: config.RHO, syntheticCapacity: 200_000 });
// L: the mean length of generated trajectories, measured before training from dataset states.
const probe = dataset.observations.slice(0, Math.min(64, dataset.size) * obsDim);
const expectedLength = measureExpectedLength(source, probe, rng);
const buffer = new AugmentedReplayBuffer({
  real: new ReplayBuffer(config.TOTAL_STEPS, obsDim, actDim), // D_o
  synthetic: new ReplayBuffer(settings.syntheticCapacity, obsDim, actDim), // D_s
  settings,
  expectedLength,
  backend: new InThreadGeneration(source, config.SEED),
  seed: config.SEED,
});

// ---- The training loop ----
let obs = env.reset({ seed: rng.nextUint32() }).obs;
let [episodeReturn, updates] = [0, 0];
let losses: Record<string, number> = {};
for (let step = 1; step <= config.TOTAL_STEPS; step++) {
  const learning = step > config.LEARNING_STARTS;
  const action = learning ? agent.act(obs, { deterministic: false }) : env.actionSpace.sample(rng);
  const r = env.step(action);
  // Store: z goes into D_o; with probability rho / ((1 - rho) L) a trajectory is requested from s'.
  buffer.store({
    obs,
    action,
    reward: r.reward,
    nextObs: r.obs,
    terminal: r.terminated,
    truncated: r.truncated,
  });
  episodeReturn += r.reward;
  obs = r.obs;
  if (r.terminated || r.truncated) {
    console.log(`step ${step}: episode return ${episodeReturn.toFixed(1)}`);
    obs = env.reset({ seed: rng.nextUint32() }).obs;
    episodeReturn = 0;
  }
  // Sample: each row from D_s with probability rho, else from D_o; then one gradient step.
  if (learning) {
    losses = agent.update(buffer.sample(config.BATCH_SIZE, rng));
    updates++;
  }
}

// ---- Evaluation: the deterministic policy on a separate env ----
let evalReturn = 0;
for (let e = 0; e < config.EVAL_EPISODES; e++) {
  let o = evalEnv.reset({ seed: 1_000_000 + e }).obs;
  for (let done = false; !done; ) {
    const r = evalEnv.step(agent.act(o, { deterministic: true }));
    evalReturn += r.reward / config.EVAL_EPISODES;
    [o, done] = [r.obs, r.terminated || r.truncated];
  }
}
console.log(
  JSON.stringify({
    evalReturn,
    updates,
    losses,
    expectedLength,
    realTransitions: buffer.real.size,
    imaginedTransitions: buffer.synthetic.size,
    requestedTrajectories: buffer.requests,
    insertedTrajectories: buffer.insertedTrajectories,
  }),
);
source.dispose?.();
agent.dispose();
env.close();
evalEnv.close();
await closeEngine();
