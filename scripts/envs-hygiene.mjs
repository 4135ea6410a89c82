// Checks that the MuJoCo envs do not leak wasm memory: 1,000 env creations (all four robots, each
// reset, stepped, snapshotted, restored and closed) and 100,000 hopper steps with resets.
// The wasm heap never shrinks and grows only when an allocation does not fit, so a leak shows as
// growth. To make that sensitive, the heap's free room is first taken up by 64 KiB filler blocks
// until the heap grows once: the work then starts with at most that one growth step (~20% of the
// heap) free, and a flat heap bounds any leak by that room divided by the number of steps/creations.
// Run after `npm run build`:  node scripts/envs-hygiene.mjs
import { Rng } from "../dist/src/engine/rng.js";
import { Ant } from "../dist/src/envs/mujoco/ant.js";
import { HalfCheetah } from "../dist/src/envs/mujoco/halfCheetah.js";
import { Hopper } from "../dist/src/envs/mujoco/hopper.js";
import { loadMujoco, wasmHeapBytes } from "../dist/src/envs/mujoco/mujocoModule.js";
import { Walker2d } from "../dist/src/envs/mujoco/walker2d.js";

const CREATIONS = 1000;
const STEPS = 100_000;
const robots = [Hopper, Walker2d, HalfCheetah, Ant];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

const mj = await loadMujoco();
console.log(`heap after loading MuJoCo:             ${mib(wasmHeapBytes(mj))}`);
// Compile each model once (per-thread templates) and touch every code path once.
for (const Robot of robots) {
  const env = new Robot(mj);
  env.reset({ seed: 0 });
  env.step(new Float64Array(env.actionSpace.low.length));
  env.setState(env.getState());
  env.close();
}
const beforeFill = wasmHeapBytes(mj);
const filler = [];
while (wasmHeapBytes(mj) === beforeFill) filler.push(new mj.DoubleBuffer(8192));
const start = wasmHeapBytes(mj);
const room = start - beforeFill;
console.log(`heap after warm-up, filled to growth:  ${mib(start)}  (at most ${mib(room)} free)`);

let t = performance.now();
for (let i = 0; i < CREATIONS; i++) {
  const env = new robots[i % robots.length](mj);
  env.reset({ seed: i });
  env.step(new Float64Array(env.actionSpace.low.length));
  env.setState(env.getState());
  env.close();
}
const perCreation = (performance.now() - t) / CREATIONS;
const afterCreations = wasmHeapBytes(mj);
console.log(
  `heap after ${CREATIONS} creations:           ${mib(afterCreations)}  (${perCreation.toFixed(2)} ms each)`,
);

const env = new Hopper(mj);
const rng = new Rng(0);
const action = new Float64Array(3);
let resets = 0;
env.reset({ seed: 0 });
t = performance.now();
for (let i = 0; i < STEPS; i++) {
  rng.fillUniform(action, -1, 1);
  const r = env.step(action);
  if (r.terminated || i % 1000 === 999) {
    env.reset();
    resets++;
  }
}
const stepsPerSecond = STEPS / ((performance.now() - t) / 1000);
env.close();
const end = wasmHeapBytes(mj);
console.log(
  `heap after ${STEPS} steps, ${resets} resets: ${mib(end)}  (${stepsPerSecond.toFixed(0)} steps/s)`,
);
for (const block of filler) block.delete();

if (end === start) {
  console.log(
    `flat: any leak is below ${(room / CREATIONS / 1024).toFixed(1)} KiB per creation and ${(room / STEPS).toFixed(0)} bytes per step`,
  );
} else {
  console.log(`LEAK: the heap grew by ${mib(end - start)}`);
  process.exit(1);
}
