// The one-call entry, as Stable-Baselines3's `SAC("MlpPolicy", env).learn(n)`: train SAC on
// Pendulum, act with the trained agent, save it and load it back. Settings are `atradiff train`'s
// (add augment: "atradiff" with generator: "<dir from atradiff diffuser train>", or augment: "synther").
//
//   npm run build && node dist/examples/learnPendulum.js [model directory]
//   STEPS=20000 node dist/examples/learnPendulum.js models/pendulum-sac
import { closeEngine, initEngine, learn, loadTrainedAgent, makeEnv } from "atradiff";

const steps = Number(process.env.STEPS ?? 10_000); // env steps of training
const modelDir = process.argv[2] ?? "models/pendulum-sac";

await initEngine(); // threads: ATRADIFF_THREADS, or one per core
const { agent, evaluations } = await learn({
  agent: "sac",
  env: "pendulum",
  steps,
  randomStartSteps: Math.min(5000, Math.floor(steps / 2)),
  evalEvery: Math.max(1, Math.floor(steps / 4)),
  evalEpisodes: 2,
  seed: 0,
});
for (const p of evaluations) console.log(`step ${p.step}: evaluation return ${p.evalReturn.toFixed(1)}`);

// The agent acts in the env's own action box, deterministically unless asked otherwise.
const env = await makeEnv("pendulum");
let { obs } = env.reset({ seed: 123 });
let total = 0;
for (let done = false; !done; ) {
  const r = env.step(agent.predict(obs));
  total += r.reward;
  obs = r.obs;
  done = r.terminated || r.truncated;
}
env.close();

agent.save(modelDir, { force: process.env.FORCE === "1" }); // an existing model only with force
const loaded = loadTrainedAgent(modelDir);
const same = loaded.predict([1, 0, 0])[0] === agent.predict([1, 0, 0])[0];
console.log(
  JSON.stringify({
    episodeReturn: total,
    evaluations: evaluations.length,
    modelDir,
    loadedActsTheSame: same,
  }),
);
loaded.dispose();
agent.dispose();
await closeEngine();
