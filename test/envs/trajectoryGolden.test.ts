// Guards the physics against speed work: a fixed-seed 1,000-step trajectory of every MuJoCo env
// (through makeEnv, with resets when an episode ends) must hash to the same SHA-256 as recorded
// before the step path was optimized. Every observation, reward, flag and info number enters the
// hash bit for bit, so any change to the simulated trajectory, however small, fails here.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { makeEnv } from "../../src/envs/index.js";
import { MujocoEnv } from "../../src/envs/mujoco/mujocoEnv.js";
import type { EnvInfo } from "../../src/envs/types.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";

const STEPS = 1000;

/** SHA-256 (hex) of the recorded trajectories, made with the code of commit ee1009a. */
const GOLDEN: Record<string, string> = {
  hopper: "7085b6a0159ab56fddada93304d1fec0d6dfbf4e70a0c42043b3b1b36ab3a23a",
  walker2d: "af74e0021810a152ec0ae5f75bae173c7f2ae796aa822a464b469e0000c6ef76",
  halfcheetah: "e935f14153d0e68aeb1bbe8a8f131d412c3401c4c331d1b8b55d692e4a18dd85",
  ant: "421ef9233e9361dafd51d7013c6c4bcf59728cbffd5b8b8db289fcb9e4be5f4e",
  "antmaze-umaze": "78951399924f29905fa33a485cf8b59b54ef81abd7d39f974d180e3c41eab2f5",
};

/** The numbers of an info, in key order (nested arrays flattened, booleans as 0 / 1). */
function infoNumbers(info: EnvInfo): number[] {
  const out: number[] = [];
  for (const key of Object.keys(info).sort()) {
    const v = info[key];
    if (typeof v === "number") out.push(v);
    else if (typeof v === "boolean") out.push(Number(v));
    else if (ArrayBuffer.isView(v) || Array.isArray(v)) out.push(...Array.from(v as ArrayLike<number>));
  }
  return out;
}

async function trajectoryHash(id: string, seed = 3): Promise<string> {
  const env = await makeEnv(id);
  try {
    const hash = createHash("sha256");
    const put = (values: ArrayLike<number>) => hash.update(new Uint8Array(Float64Array.from(values).buffer));
    const rng = new Rng([seed, 17]);
    const { low, high } = env.actionSpace;
    const action = new Float64Array(low.length);
    const first = env.reset({ seed });
    put(first.obs);
    put(infoNumbers(first.info));
    for (let t = 0; t < STEPS; t++) {
      for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
      const r = env.step(action);
      put(r.obs);
      put([r.reward, Number(r.terminated), Number(r.truncated)]);
      put(infoNumbers(r.info));
      if (r.terminated || r.truncated) {
        const again = env.reset();
        put(again.obs);
        put(infoNumbers(again.info));
      }
    }
    // The whole integration state at the end too (time, warm start, ...), not only what is observed.
    const inner = unwrapEnv(env);
    assert.ok(inner instanceof MujocoEnv);
    put(inner.getState());
    return hash.digest("hex");
  } finally {
    env.close();
  }
}

describe("fixed-seed trajectories", () => {
  for (const [id, golden] of Object.entries(GOLDEN))
    it(`${id}: 1,000 steps with resets are bit-identical to the recorded trajectory`, async () => {
      assert.equal(await trajectoryHash(id), golden);
    });
});
