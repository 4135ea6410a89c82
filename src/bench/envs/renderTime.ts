// Median ms for one 84x84 ray-cast frame of an env, in a state reached by seeded random actions.
import { Rng } from "../../engine/rng.js";
import { MujocoEnv } from "../../envs/mujoco/mujocoEnv.js";
import { makeEnv } from "../../envs/registry.js";
import { measureRenderMs } from "../../envs/render/measureRender.js";
import { unwrapEnv } from "../../envs/wrappers/envWrapper.js";
import { benchStreams } from "../../util/randomStreams.js";

/** Steps taken before the frame is timed, so the robot is in a typical (not resting) pose. */
const SETTLE_STEPS = 20;

export async function renderFrameMs(id: string, seed = 0): Promise<number> {
  const env = await makeEnv(id);
  try {
    const inner = unwrapEnv(env);
    if (!(inner instanceof MujocoEnv))
      throw new Error(`${id} is not a MuJoCo env; only those can be rendered.`);
    const rng = new Rng(benchStreams.renderActions(seed));
    const { low, high } = env.actionSpace;
    const action = new Float64Array(low.length);
    env.reset({ seed });
    for (let t = 0; t < SETTLE_STEPS; t++) {
      for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
      const r = env.step(action);
      if (r.terminated || r.truncated) env.reset();
    }
    return measureRenderMs(inner.model, inner.data, { envId: id, size: 84 });
  } finally {
    env.close();
  }
}
