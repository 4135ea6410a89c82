// The test page's script, bundled for the browser by browserBundle.test.ts: it imports the browser
// entry only, makes the engine from the served kernels and MuJoCo from the served mujoco.wasm,
// loads the generator from its fetched files, and runs the checks (browserChecks.ts).
import { generatorFromFiles, initEngine, loadMujocoFrom } from "atradiff/browser";
import {
  type CheckInput,
  type CheckOutput,
  hopperFrame,
  hopperRollout,
  pendulumStarts,
  sampleTrajectories,
} from "./browserChecks.js";

async function runBrowserChecks(input: CheckInput): Promise<CheckOutput> {
  const engine = await initEngine({ kernels: "/wasm/" });
  await loadMujocoFrom("/mujoco.wasm");
  const files: Record<string, ArrayBuffer> = {};
  for (const name of input.generatorFiles) {
    const response = await fetch(`/generator/${name}`);
    if (!response.ok) throw new Error(`/generator/${name}: HTTP ${response.status}`);
    files[name] = await response.arrayBuffer();
  }
  const generator = generatorFromFiles(files, "/generator");
  try {
    return {
      engine: { backend: engine.backend, relaxedSimd: engine.relaxedSimd, threads: engine.threads },
      hopper: await hopperRollout(input.steps),
      frame: await hopperFrame(input.steps, input.frameSize),
      trajectories: sampleTrajectories(generator, await pendulumStarts(input.startSeeds), input.sampleSeed),
    };
  } finally {
    generator.dispose();
  }
}

(globalThis as { runBrowserChecks?: typeof runBrowserChecks }).runBrowserChecks = runBrowserChecks;
