// Env-specific make options (Gymnasium's v4 constructor kwargs): checked with one clear sentence,
// defaults equal to the v4 facts, and each option changing what it says.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { envSpec, makeEnv } from "../../src/envs/index.js";
import type { Ant } from "../../src/envs/mujoco/ant.js";
import { Hopper } from "../../src/envs/mujoco/hopper.js";
import { loadMujoco } from "../../src/envs/mujoco/mujocoModule.js";
import type { Env } from "../../src/envs/types.js";
import { VectorEnv } from "../../src/envs/vector/vectorEnv.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";

const open: Env[] = [];
after(() => {
  for (const env of open) env.close();
});
async function make(...args: Parameters<typeof makeEnv>): Promise<Env> {
  const env = await makeEnv(...args);
  open.push(env);
  return env;
}

describe("env make options", () => {
  it("refuse an unknown option, naming the env and what it takes", async () => {
    await assert.rejects(
      makeEnv("hopper", { ctrlCost: 1 } as never),
      /^Error: hopper: unknown option "ctrlCost"; hopper takes maxEpisodeSteps, forwardRewardWeight, ctrlCostWeight, resetNoiseScale, healthyReward, terminateWhenUnhealthy, healthyStateRange, healthyZRange, healthyAngleRange\.$/,
    );
    await assert.rejects(
      makeEnv("pendulum", { resetNoiseScale: 1 } as never),
      /pendulum: unknown option "resetNoiseScale"; pendulum takes maxEpisodeSteps\./,
    );
    // A plain-string id is checked at run time the same way.
    const id: string = "ant";
    await assert.rejects(
      makeEnv(id, { forwardRewardWeight: 2 }),
      /ant: unknown option "forwardRewardWeight"/,
    );
  });

  it("refuse values of the wrong kind, naming the env, the option and the value", async () => {
    const cases: [string, object, RegExp][] = [
      [
        "hopper",
        { ctrlCostWeight: "0.1" },
        /hopper: option ctrlCostWeight must be a finite number, got "0.1"\./,
      ],
      [
        "walker2d",
        { healthyReward: Number.NaN },
        /walker2d: option healthyReward must be a finite number, got NaN/,
      ],
      [
        "halfcheetah",
        { resetNoiseScale: -1 },
        /halfcheetah: option resetNoiseScale must be a number >= 0, got -1/,
      ],
      [
        "ant",
        { terminateWhenUnhealthy: 0 },
        /ant: option terminateWhenUnhealthy must be true or false, got 0/,
      ],
      [
        "hopper",
        { healthyZRange: [1, 0.5] },
        /hopper: option healthyZRange must be \[low, high\] with numbers low < high/,
      ],
      [
        "antmaze-umaze",
        { terminateAtGoal: "no" },
        /antmaze-umaze: option terminateAtGoal must be true or false/,
      ],
    ];
    for (const [id, opts, message] of cases) await assert.rejects(makeEnv(id, opts as never), message);
    assert.throws(
      () => new Hopper({} as never, { healthyAngleRange: [0] as never }),
      /hopper: option healthyAngleRange/,
    );
  });

  it("default to the v4 facts, and declare every option with a description", async () => {
    const hopper = unwrapEnv(await make("hopper")) as Hopper;
    assert.equal(hopper.ctrlCostWeight, 1e-3);
    assert.equal(hopper.healthyReward, 1);
    assert.equal(hopper.terminateWhenUnhealthy, true);
    const ant = unwrapEnv(await make("ant")) as Ant;
    assert.equal(ant.ctrlCostWeight, 0.5);
    for (const id of ["hopper", "walker2d", "halfcheetah", "ant", "antmaze-medium"])
      for (const [key, spec] of Object.entries(envSpec(id).options ?? {}))
        assert.ok((spec as { description: string }).description.length > 0, `${id}.${key}`);
  });

  it("change the reward weights and the reset noise", async () => {
    const base = await make("halfcheetah");
    const heavy = await make("halfcheetah", { ctrlCostWeight: 1, forwardRewardWeight: 2 });
    const a = [0.5, -0.5, 0.5, -0.5, 0.5, -0.5];
    base.reset({ seed: 3 });
    heavy.reset({ seed: 3 });
    const r0 = base.step(a);
    const r1 = heavy.step(a);
    assert.deepEqual(r1.obs, r0.obs);
    assert.equal(r1.info.rewardCtrl, -1.5);
    assert.equal(r1.info.rewardForward, 2 * (r0.info.rewardForward as number));
    const still = await make("hopper", { resetNoiseScale: 0 });
    const qpos0 = Float64Array.from((unwrapEnv(still) as Hopper).model.qpos0 as Float64Array);
    still.reset({ seed: 5 });
    assert.deepEqual((unwrapEnv(still) as Hopper).getQpos(), qpos0);
    assert.ok((unwrapEnv(still) as Hopper).getQvel().every((v) => v === 0));
  });

  it("move the health limits, and without terminateWhenUnhealthy go on, paying the healthy reward only while healthy", async () => {
    const mj = await loadMujoco();
    const strict = new Hopper(mj, { healthyZRange: [1.3, Number.POSITIVE_INFINITY] });
    const lenient = new Hopper(mj, { terminateWhenUnhealthy: false, healthyReward: 2 });
    open.push(strict, lenient);
    strict.reset({ seed: 0 });
    assert.equal(strict.isHealthy(), false, "torso z 1.25 is below 1.3");
    assert.equal(strict.step([0, 0, 0]).terminated, true);
    lenient.reset({ seed: 0 });
    const qpos = lenient.getQpos();
    qpos[2] = 0.5; // tilted: unhealthy
    lenient.setQposQvel(qpos, lenient.getQvel());
    const r = lenient.step([0, 0, 0]);
    assert.equal(r.terminated, false);
    assert.equal(r.info.rewardSurvive, 0);
    assert.equal(r.reward, (r.info.rewardForward as number) + (r.info.rewardCtrl as number));
    lenient.reset({ seed: 0 });
    assert.equal(lenient.step([0, 0, 0]).info.rewardSurvive, 2);
  });

  it("reach the envs of a VectorEnv's workers", async () => {
    const vec = await VectorEnv.create("hopper", 2, { numThreads: 2, makeOptions: { healthyReward: 3 } });
    try {
      vec.reset({ seed: 0 });
      const r = vec.step(new Float64Array(6));
      assert.deepEqual(
        r.infos.map((info) => info.rewardSurvive),
        [3, 3],
      );
    } finally {
      vec.close();
    }
  });
});
