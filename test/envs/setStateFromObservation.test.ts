import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { PlanarLocomotionEnv } from "../../src/envs/mujoco/planarLocomotionEnv.js";
import { makeRobot, randomActions } from "./mujocoTestUtils.js";

const open: { close(): void }[] = [];
after(() => {
  for (const env of open) env.close();
});

describe("setStateFromObservation (planar robots)", () => {
  for (const id of ["hopper", "walker2d", "halfcheetah"] as const) {
    it(`${id}: the restored env observes the same state and steps to the same next observation`, async () => {
      const original: PlanarLocomotionEnv = await makeRobot(id);
      const restored: PlanarLocomotionEnv = await makeRobot(id);
      open.push(original, restored);
      const nu = original.actionSpace.low.length;
      // Small actions keep hopper and walker2d velocities under the observation's +-10 clip.
      const actions = randomActions(nu, 120, 7, 0.3);
      let current = original.reset({ seed: 2 });
      let compared = 0;
      for (let t = 0; t + 1 < actions.length; t++) {
        const x = original.getQpos()[0];
        const exact = restored.setStateFromObservation(current.obs, x);
        assert.deepEqual(restored.getQpos(), original.getQpos());
        if (exact) {
          assert.deepEqual(restored.currentObservation(), current.obs);
          assert.deepEqual(restored.getQvel(), original.getQvel());
          const a = original.step(actions[t]);
          const b = restored.step(actions[t]);
          // Only the constraint solver's warm start differs (reset by the restore): ~1e-14 apart.
          for (let i = 0; i < a.obs.length; i++)
            assert.ok(
              Math.abs(a.obs[i] - b.obs[i]) < 1e-9,
              `step ${t}, obs[${i}]: ${a.obs[i]} vs ${b.obs[i]}`,
            );
          assert.ok(Math.abs(a.reward - b.reward) < 1e-9);
          assert.equal(a.terminated, b.terminated);
          compared++;
          current = a.terminated ? original.reset() : a;
        } else {
          const a = original.step(actions[t]);
          current = a.terminated ? original.reset() : a;
        }
      }
      assert.ok(compared > 100, `${compared} restorations compared`);
    });
  }

  it("reports an inexact restore when an observed velocity sits at the +-10 clip", async () => {
    const env = await makeRobot("hopper");
    open.push(env);
    const { obs } = env.reset({ seed: 0 });
    assert.equal(env.setStateFromObservation(obs, 3), true);
    assert.equal(env.getQpos()[0], 3);
    const clipped = Float64Array.from(obs);
    clipped[7] = 10;
    assert.equal(env.setStateFromObservation(clipped), false);
    assert.throws(
      () => env.setStateFromObservation(obs.subarray(1)),
      /hopper: an observation must have 11 numbers, got 10/,
    );
  });
});
