// The model options chosen for speed must not change the physics: constraint islands are turned
// off only in models with a single kinematic tree, where the island solver and the monolithic
// solver solve the same system (src/envs/mujoco/models/islandFlag.ts). The golden trajectories
// (trajectoryGolden.test.ts) check the result bit for bit; this checks the precondition.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { antMazeXml } from "../../src/envs/antmaze/antMazeXml.js";
import { MAZE_NAMES, mazeLayout } from "../../src/envs/antmaze/mazeLayouts.js";
import { antXml } from "../../src/envs/mujoco/models/antModel.js";
import { halfCheetahXml } from "../../src/envs/mujoco/models/halfCheetahModel.js";
import { hopperXml } from "../../src/envs/mujoco/models/hopperModel.js";
import { walker2dXml } from "../../src/envs/mujoco/models/walker2dModel.js";
import { loadMujoco } from "../../src/envs/mujoco/mujocoModule.js";

const models: Record<string, string> = {
  hopper: hopperXml,
  walker2d: walker2dXml,
  halfcheetah: halfCheetahXml,
  ant: antXml,
  ...Object.fromEntries(MAZE_NAMES.map((maze) => [`antmaze-${maze}`, antMazeXml(mazeLayout(maze))])),
};

describe("model options", () => {
  for (const [id, xml] of Object.entries(models))
    it(`${id}: one kinematic tree, constraint islands off`, async () => {
      const mj = await loadMujoco();
      const model = mj.MjModel.from_xml_string(xml);
      const opt = model.opt;
      try {
        assert.equal(model.ntree, 1);
        const island = mj.mjtDisableBit.mjDSBL_ISLAND.value;
        assert.equal(opt.disableflags & island, island);
        // Nothing else is switched off.
        assert.equal(opt.disableflags, island);
      } finally {
        opt.delete();
        model.delete();
      }
    });
});
