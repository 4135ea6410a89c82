// Simulator fidelity: real hopper transitions replay with ~0 error; a known perturbation of the next
// states and rewards shows up as exactly its normalized size.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeFidelityEnv } from "../../src/atradiff/fidelity/fidelityEnv.js";
import { fidelityScales } from "../../src/atradiff/fidelity/fidelityScales.js";
import { measureSimulatorFidelity } from "../../src/atradiff/fidelity/simulatorFidelity.js";
import { episodesToBatch } from "../../src/atradiff/fidelity/transitionBatches.js";
import { trainingEpisodesFromDataset } from "../../src/atradiff/windows/trainingEpisodes.js";
import { hopperDataset } from "./hopperDataset.js";

describe("simulator fidelity", () => {
  it("real transitions give ~0 error; shifted next states and rewards give their normalized shift", async () => {
    const dataset = await hopperDataset(4, 60, 3);
    const data = trainingEpisodesFromDataset(dataset);
    const batch = episodesToBatch(data.episodes, 11, 3);
    assert.ok(batch.size > 40);
    const scales = fidelityScales(dataset);
    const env = await makeFidelityEnv("hopper", 11);
    try {
      const real = measureSimulatorFidelity(env, batch, scales);
      assert.equal(real.count, batch.size);
      assert.equal(real.clippedActions, 0);
      assert.ok(real.stateNmseExactStarts < 1e-6, `state error on real data: ${real.stateNmseExactStarts}`);
      assert.ok(
        real.rewardNmseExactStarts < 1e-6,
        `reward error on real data: ${real.rewardNmseExactStarts}`,
      );
      // Shift dimension 0 of every next state by 2 std and every reward by 1 std.
      for (let i = 0; i < batch.size; i++) {
        batch.nextObs[i * 11] += 2 * scales.stateStd[0];
        batch.reward[i] += scales.rewardStd;
      }
      const shifted = measureSimulatorFidelity(env, batch, scales);
      assert.ok(Math.abs(shifted.stateNmsePerDimension[0] - 4) < 1e-3, `${shifted.stateNmsePerDimension[0]}`);
      assert.ok(Math.abs(shifted.stateNmse - (4 + 10 * real.stateNmse) / 11) < 1e-3);
      assert.ok(Math.abs(shifted.rewardNmse - 1) < 1e-3, `${shifted.rewardNmse}`);
    } finally {
      env.close();
    }
  });

  it("refuses envs whose observation does not give the state", async () => {
    await assert.rejects(makeFidelityEnv("pendulum", 3), /Simulator fidelity needs an env whose observation/);
  });
});
