// AntMaze dataset names: antmaze-<umaze|medium|large>-<diverse|play>, with one clear sentence for
// an unknown maze or kind, and the locomotion names unchanged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDatasetName } from "../../../src/datasets/datasetNames.js";

describe("AntMaze dataset names", () => {
  it("parses every maze with diverse and play", () => {
    for (const maze of ["umaze", "medium", "large"])
      for (const kind of ["diverse", "play"])
        assert.deepEqual(parseDatasetName(`antmaze-${maze}-${kind}`), {
          env: `antmaze-${maze}`,
          kind,
          name: `antmaze-${maze}-${kind}`,
        });
    assert.deepEqual(parseDatasetName("hopper-medium-replay"), {
      env: "hopper",
      kind: "medium-replay",
      name: "hopper-medium-replay",
    });
  });

  it("refuses unknown mazes and kinds, naming the valid names", () => {
    assert.throws(
      () => parseDatasetName("antmaze-huge-play"),
      /Unknown maze "huge" .*antmaze-<umaze\|medium\|large>/,
    );
    assert.throws(() => parseDatasetName("antmaze-umaze-medium"), /Unknown AntMaze dataset kind "medium"/);
    assert.throws(() => parseDatasetName("antmaze-umaze"), /Unknown AntMaze dataset kind ""/);
    assert.throws(() => parseDatasetName("hopper-diverse"), /Unknown dataset kind "diverse"/);
  });
});
