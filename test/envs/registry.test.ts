import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeEnvs } from "../../src/envs/describeEnvs.js";
import { makeEnv } from "../../src/envs/index.js";

describe("env registry", () => {
  it("names the known environments when the id is unknown", async () => {
    await assert.rejects(makeEnv("hoper"), (err: Error) => {
      assert.match(err.message, /^Unknown environment "hoper"; known environments: /);
      for (const id of ["hopper", "walker2d", "halfcheetah", "ant", "pendulum", "mountaincar-continuous"])
        assert.ok(err.message.includes(id), `${id} is listed`);
      return true;
    });
  });

  it("applies the standard time limit, or the one asked for", async () => {
    const pendulum = await makeEnv("pendulum");
    assert.equal(pendulum.maxEpisodeSteps, 200);
    pendulum.reset({ seed: 0 });
    let steps = 0;
    for (let done = false; !done; steps++) done = pendulum.step([0]).truncated;
    assert.equal(steps, 200);

    const short = await makeEnv("mountaincar-continuous", { maxEpisodeSteps: 4 });
    short.reset({ seed: 0 });
    assert.deepEqual(
      [1, 2, 3, 4].map(() => short.step([0]).truncated),
      [false, false, false, true],
    );
    await assert.rejects(
      makeEnv("pendulum", { maxEpisodeSteps: -1 }),
      /pendulum: maxEpisodeSteps must be a positive integer/,
    );
  });

  it("describes every env with sizes read from the env itself", async () => {
    const rows = await describeEnvs();
    const sizes = Object.fromEntries(
      rows.map((r) => [r.id, [r.observationSize, r.actionSize, r.maxEpisodeSteps]]),
    );
    assert.deepEqual(sizes.hopper, [11, 3, 1000]);
    assert.deepEqual(sizes.walker2d, [17, 6, 1000]);
    assert.deepEqual(sizes.halfcheetah, [17, 6, 1000]);
    assert.deepEqual(sizes.ant, [27, 8, 1000]);
    assert.deepEqual(sizes.pendulum, [3, 1, 200]);
    assert.deepEqual(sizes["mountaincar-continuous"], [2, 1, 999]);
    assert.ok(rows.every((r) => r.description.length > 0));
  });
});
