// EDM against a PyTorch reference (scripts/fixtures/make_edm_fixture.py, SynthER's formulas written
// independently): preconditioning, loss weights, the noise schedule, a tiny conditional denoiser's
// output and loss, and one 8-step Heun sampler run with churn from the same list of Gaussian draws.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { DenoiserNetwork } from "../../src/diffusion/denoiserNetwork.js";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { edmLoss } from "../../src/diffusion/edmLoss.js";
import { cIn, cNoise, cOut, cSkip, lossWeight } from "../../src/diffusion/edmPreconditioning.js";
import { heunSample } from "../../src/diffusion/heunSampler.js";
import { churnGamma, karrasSigmas } from "../../src/diffusion/noiseSchedule.js";
import type { NoiseSource } from "../../src/diffusion/noiseSource.js";
import { preconditionedDenoiser } from "../../src/diffusion/preconditionedDenoiser.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { noGrad, Tensor, tidy } from "../../src/engine/tensor.js";

interface Fixture {
  preconditioning: {
    sigma: number;
    sigmaData: number;
    cSkip: number;
    cOut: number;
    cIn: number;
    cNoise: number;
    lossWeight: number;
  }[];
  schedule: { steps8: number[]; gammas8: number[]; steps128: number[]; gammas128: number[] };
  network: {
    dataDim: number;
    conditionDim: number;
    dimT: number;
    width: number;
    depth: number;
    fourierFrequencies: number;
    params: Record<string, number[]>;
  };
  forward: { input: number[]; t: number[]; output: number[] };
  loss: { clean: number[]; condition: number[]; sigmas: number[]; noise: number[]; loss: number };
  sampler: {
    steps: number;
    rows: number;
    condition: number[];
    initial: number[];
    churn: number[][];
    samples: number[];
  };
}

const fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/diffusion/edm-reference.json", import.meta.url), "utf8"),
) as Fixture;

/** |a - b| <= atol + rtol |b| for every element. */
function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol: number,
  what: string,
) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= atol + rtol * Math.abs(expected[i]),
      `${what}[${i}]: ${actual[i]} vs reference ${expected[i]} (error ${err})`,
    );
  }
}

function tinyNetwork(): DenoiserNetwork {
  const n = fixture.network;
  const settings = parseDiffusionSettings({
    denoiser: { dimT: n.dimT, width: n.width, depth: n.depth, fourierFrequencies: n.fourierFrequencies },
  });
  const net = new DenoiserNetwork(
    { dataDim: n.dataDim, conditionDim: n.conditionDim },
    settings.denoiser,
    new Rng(0),
  );
  const dict = net.stateDict();
  assert.deepEqual([...dict.keys()].sort(), Object.keys(n.params).sort());
  for (const [name, t] of dict) t.data.set(n.params[name]);
  return net;
}

describe("EDM against the PyTorch reference", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("preconditioning and loss weights", () => {
    for (const p of fixture.preconditioning) {
      const got = [
        cSkip(p.sigma, p.sigmaData),
        cOut(p.sigma, p.sigmaData),
        cIn(p.sigma, p.sigmaData),
        cNoise(p.sigma),
        lossWeight(p.sigma, p.sigmaData),
      ];
      assertClose(got, [p.cSkip, p.cOut, p.cIn, p.cNoise, p.lossWeight], 1e-12, 1e-15, `sigma ${p.sigma}`);
    }
  });

  it("noise levels end with 0; churn only inside [S_tmin, S_tmax]", () => {
    const edm = parseDiffusionSettings({}).edm;
    for (const [steps, sigmas, gammas] of [
      [8, fixture.schedule.steps8, fixture.schedule.gammas8],
      [128, fixture.schedule.steps128, fixture.schedule.gammas128],
    ] as const) {
      const got = karrasSigmas(steps, edm);
      assertClose(got, sigmas, 1e-12, 1e-15, `sigmas(${steps})`);
      assert.equal(got[steps], 0);
      assertClose(
        [...got].map((s) => churnGamma(s, steps, edm)),
        gammas,
        1e-12,
        0,
        `gammas(${steps})`,
      );
    }
  });

  it("the denoiser network's output", () => {
    const net = tinyNetwork();
    const n = fixture.network;
    const rows = fixture.forward.t.length;
    const out = noGrad(() =>
      tidy(() =>
        net
          .forward(
            Tensor.fromArray(fixture.forward.input, [rows, n.dataDim + n.conditionDim]),
            fixture.forward.t,
          )
          .toArray(),
      ),
    );
    assertClose(out, fixture.forward.output, 2e-5, 2e-6, "F");
    net.dispose();
  });

  it("the weighted training loss on a batch with given noise levels and noise", () => {
    const net = tinyNetwork();
    const l = fixture.loss;
    const loss = tidy(() =>
      edmLoss(
        net,
        l.clean,
        l.condition,
        { sigmas: Float64Array.from(l.sigmas), noise: Float64Array.from(l.noise) },
        1,
      ).item(),
    );
    assertClose([loss], [l.loss], 1e-4, 0, "loss");
    net.dispose();
  });

  it("an 8-step Heun run with churn from the same Gaussian draws", () => {
    const net = tinyNetwork();
    const s = fixture.sampler;
    const edm = parseDiffusionSettings({}).edm;
    const used: string[] = [];
    const noise: NoiseSource = {
      normal(out, draw) {
        used.push(draw.kind === "initial" ? "initial" : `${draw.kind} ${draw.step}`);
        if (draw.kind === "initial") out.set(s.initial);
        else if (draw.kind === "churn") out.set(s.churn[draw.step]);
        else assert.fail("no inpainting in this run");
      },
    };
    const x = heunSample({
      denoise: preconditionedDenoiser(net, 1, s.rows, s.condition),
      rows: s.rows,
      dim: fixture.network.dataDim,
      edm,
      steps: s.steps,
      noise,
    });
    // Churn happens at the 5 of 8 levels inside [0.05, 50]: not at 80, 0.035 and 0.002.
    assert.deepEqual(used, ["initial", "churn 1", "churn 2", "churn 3", "churn 4", "churn 5"]);
    assertClose(x, s.samples, 1e-5, 1e-6, "samples");
    net.dispose();
  });
});
