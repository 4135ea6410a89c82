// Single-thread speed of the MuJoCo envs against bare MuJoCo on the same model: env.step() (with
// action checks, observation, reward, info) versus writing ctrl and calling mj_step frame_skip
// times + mj_rnePostConstraint directly. Seeded random actions; both reset when the robot is
// unhealthy or after 1000 steps. Median of 7 rounds of 300 ms each (the machine may be shared),
// in wall-clock time and in this process's CPU time; the load average is printed at the end.
// Run after `npm run build`:  node scripts/envs-speed.mjs
import os from "node:os";
import { Rng } from "../dist/src/engine/rng.js";
import { Ant } from "../dist/src/envs/mujoco/ant.js";
import { HalfCheetah } from "../dist/src/envs/mujoco/halfCheetah.js";
import { Hopper } from "../dist/src/envs/mujoco/hopper.js";
import { loadMujoco } from "../dist/src/envs/mujoco/mujocoModule.js";
import { Walker2d } from "../dist/src/envs/mujoco/walker2d.js";

const ROUNDS = 7;
const ROUND_MS = 300;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Median steps per wall-clock second and per second of this process's CPU time. */
function rate(stepOnce) {
  const wall = [];
  const cpu = [];
  for (let round = -1; round < ROUNDS; round++) {
    let steps = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    while (performance.now() - start < ROUND_MS) for (let i = 0; i < 50; i++, steps++) stepOnce();
    const used = process.cpuUsage(cpuStart);
    if (round < 0) continue;
    wall.push((steps / (performance.now() - start)) * 1000);
    cpu.push((steps / (used.user + used.system)) * 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const mj = await loadMujoco();
console.log("steps per second of wall-clock time (and per second of CPU time, which other processes");
console.log("on a shared machine disturb less):");
console.log("robot        env steps/s         bare MuJoCo steps/s   env / bare (CPU)");
for (const Robot of [Hopper, Walker2d, HalfCheetah, Ant]) {
  const env = new Robot(mj);
  const nu = env.actionSpace.low.length;
  const rng = new Rng(0);
  const actions = Array.from({ length: 1024 }, () => rng.fillUniform(new Float64Array(nu), -1, 1));
  let t = 0;
  let episodeSteps = 0;
  const next = () => actions[t++ & 1023];
  const endEpisode = (unhealthy) => {
    if (unhealthy || ++episodeSteps >= 1000) {
      env.reset();
      episodeSteps = 0;
    }
  };
  env.reset({ seed: 0 });
  const envRate = rate(() => endEpisode(env.step(next()).terminated));
  env.reset({ seed: 0 });
  const { model, data } = env;
  const bareRate = rate(() => {
    const action = next();
    const ctrl = data.ctrl;
    for (let i = 0; i < nu; i++) ctrl[i] = action[i];
    for (let k = 0; k < env.frameSkip; k++) mj.mj_step(model, data);
    mj.mj_rnePostConstraint(model, data);
    endEpisode(!env.isHealthy());
  });
  const cell = (r) => `${r.wall.toFixed(0).padStart(6)} (${r.cpu.toFixed(0).padStart(6)})`;
  console.log(
    `${env.id.padEnd(12)} ${cell(envRate)}     ${cell(bareRate)}       ${(envRate.cpu / bareRate.cpu).toFixed(2).padStart(5)}`,
  );
  env.close();
}
console.log(`load average (1 min) at the end: ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
