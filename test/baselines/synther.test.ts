// SynthER on a toy transition set from a deterministic 1-D system: generated transitions follow
// its dynamics, reward and termination rule; rows and Batch columns convert both ways.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SyntherModel } from "../../src/baselines/synther/syntherModel.js";
import { trainSynther } from "../../src/baselines/synther/trainSynther.js";
import {
  batchAsTransitions,
  rowsToBatch,
  type SyntherTransitions,
  transitionsToRows,
} from "../../src/baselines/synther/transitionRows.js";
import type { Batch } from "../../src/data/batch.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";

/** s' = 0.8 s + 0.4 a, r = 1 - s^2, terminal when s' > 0.8. */
const dynamics = (s: number, a: number) => 0.8 * s + 0.4 * a;
const reward = (s: number) => 1 - s * s;
const TERMINAL_ABOVE = 0.8;

function toyTransitions(n: number, rng: Rng): SyntherTransitions {
  const obs = new Float32Array(n);
  const actions = new Float32Array(n);
  const rewards = new Float32Array(n);
  const nextObs = new Float32Array(n);
  const terminals = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    obs[i] = rng.uniformIn(-1, 1);
    actions[i] = rng.uniformIn(-1, 1);
    rewards[i] = reward(obs[i]);
    nextObs[i] = dynamics(obs[i], actions[i]);
    terminals[i] = nextObs[i] > TERMINAL_ABOVE ? 1 : 0;
  }
  return { count: n, obsDim: 1, actDim: 1, obs, actions, rewards, nextObs, terminals };
}

describe("SynthER baseline", () => {
  let model: SyntherModel;
  let generated: Batch;
  const progress: number[] = [];

  before(async () => {
    await initEngine({ threads: 1 });
    model = trainSynther(
      toyTransitions(20000, new Rng(1)),
      {
        seed: 3,
        diffusion: {
          denoiser: { dimT: 64, width: 128, depth: 2 },
          training: { lr: 2e-3, totalSteps: 500 },
        },
      },
      { onProgress: (p) => progress.push(p.step) },
    );
    generated = model.generateTransitions(1000, new Rng(5), { steps: 32 });
  });
  after(async () => {
    model.dispose();
    await closeEngine();
  });

  it("reports progress after every step", () => {
    assert.equal(progress.length, 500);
    assert.equal(progress[499], 500);
  });

  it("generated transitions follow the dynamics, the reward and the termination rule", () => {
    const g = generated;
    assert.equal(g.size, 1000);
    let dynErr = 0;
    let rewErr = 0;
    let terminalAgree = 0;
    let spread = 0;
    for (let i = 0; i < g.size; i++) {
      dynErr += Math.abs(g.nextObs[i] - dynamics(g.obs[i], g.action[i]));
      rewErr += Math.abs(g.reward[i] - reward(g.obs[i]));
      assert.ok(g.terminal[i] === 0 || g.terminal[i] === 1);
      if (g.terminal[i] === (g.nextObs[i] > TERMINAL_ABOVE ? 1 : 0)) terminalAgree++;
      spread += g.obs[i] * g.obs[i];
    }
    console.log(
      `mean |s' - f(s, a)| ${(dynErr / 1000).toFixed(4)}, mean |r - R(s)| ${(rewErr / 1000).toFixed(4)}, terminal agreement ${terminalAgree / 10}%`,
    );
    // s' spreads over [-1.2, 1.2] (std 0.53): errors of a few hundredths mean the model learned f.
    assert.ok(dynErr / 1000 < 0.06, `dynamics error ${dynErr / 1000}`);
    assert.ok(rewErr / 1000 < 0.06, `reward error ${rewErr / 1000}`);
    assert.ok(terminalAgree >= 950, `terminal agreement ${terminalAgree} of 1000`);
    // States cover the data's range: s ~ U[-1, 1] has std 0.577.
    const std = Math.sqrt(spread / 1000);
    assert.ok(Math.abs(std - 0.577) < 0.06, `state std ${std}`);
  });

  it("saves and loads; the loaded model generates the same transitions", () => {
    const dir = mkdtempSync(join(tmpdir(), "atradiff-synther-"));
    try {
      const path = join(dir, "synther.safetensors");
      model.save(path);
      const loaded = SyntherModel.load(path);
      assert.deepEqual(loaded.layout, model.layout);
      assert.deepEqual(
        loaded.generateTransitions(5, new Rng(9), { steps: 8 }),
        model.generateTransitions(5, new Rng(9), { steps: 8 }),
      );
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rows [s, a, r, s', terminal] and Batch columns convert both ways; placeholder rows are left out", () => {
    const t = toyTransitions(4, new Rng(2));
    const withPlaceholder = { ...t, placeholderNextObs: Uint8Array.from([0, 1, 0, 0]) };
    const { rows, count } = transitionsToRows(withPlaceholder, true);
    assert.equal(count, 3);
    assert.deepEqual(
      [...rows.subarray(0, 5)],
      [t.obs[0], t.actions[0], t.rewards[0], t.nextObs[0], t.terminals[0]],
    );
    const back = rowsToBatch(transitionsToRows(t, true).rows, 1, 1, true, 0.5);
    assert.deepEqual(batchAsTransitions(back).obs, t.obs);
    assert.deepEqual(back.terminal, t.terminals);
    const noTerminals = rowsToBatch(transitionsToRows(t, false).rows, 1, 1, false, 0.5);
    assert.deepEqual(noTerminals.terminal, new Float32Array(4));
    assert.deepEqual(noTerminals.nextObs, t.nextObs);
  });

  it("bad input fails with one sentence", () => {
    const t = toyTransitions(4, new Rng(2));
    assert.throws(
      () => trainSynther({ ...t, rewards: new Float32Array(3) }),
      /transitions' rewards should hold 4 x 1 values, got 3/,
    );
    assert.throws(
      () => trainSynther(t, { modelTerminal: true } as never),
      /SynthER: unknown setting "modelTerminal"/,
    );
  });
});
