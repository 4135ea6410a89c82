// The generator-fidelity stage and the report's fidelity panel, as `atradiff experiment <plan.json>`
// runs them on a tiny hopper plan (a random dataset of 600 rows, a tiny gated generator, one short SAC
// run): the stage writes its JSON (next-state, reward and per-position NMSE, clipped actions, the
// gate's kept share), the report shows them beside the curves, a second session skips the
// measurement, and a measurement made for other settings is made again. Also: the demo and the
// central claim train the weight-sharing temporal denoiser with the plausibility gate and measure
// their generators' fidelity before the runs.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { centralClaimPlan } from "../../src/pipeline/centralClaimPlan.js";
import { DEMO_FIDELITY_FILE, demoPlan } from "../../src/pipeline/demoPlan.js";
import {
  generatorFidelityStage,
  readGeneratorFidelityFile,
} from "../../src/pipeline/generatorFidelityStage.js";
import { planStages } from "../../src/pipeline/planStages.js";
import { atradiff } from "../experiments/cliRunner.js";
import { TINY_GENERATOR_SETTINGS } from "../experiments/tinyGenerator.js";
import { tinySac } from "./tinySac.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-fidelity-stage-"));
after(() => rmSync(base, { recursive: true, force: true }));

const SAC = tinySac("hopper", 200);

function tinyHopperPlan() {
  const dataset = join(base, "hopper-random.hdf5");
  const generator = join(base, "generator");
  return {
    title: "tiny-fidelity",
    datasets: [{ name: "hopper-random", path: dataset, size: 600 }],
    generators: [{ dataset, dir: generator, saveEvery: 20, settings: TINY_GENERATOR_SETTINGS }],
    generatorFidelity: [
      {
        generator,
        dataset,
        file: join(base, "generator-fidelity.json"),
        label: "tiny generator",
        starts: 16,
      },
    ],
    runs: [{ name: "sac", dir: join(base, "runs", "sac"), settings: SAC }],
    report: { dir: join(base, "report"), tableSteps: [100, 200], publish: false },
  };
}

describe("the generator-fidelity stage", () => {
  it("writes the generator's simulator fidelity, the report shows it, and a done measurement is skipped", async () => {
    const plan = tinyHopperPlan();
    const planFile = join(base, "plan.json");
    writeFileSync(planFile, JSON.stringify(plan));
    const first = atradiff(["experiment", planFile]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(
      first.stdout,
      /^\[3\/5\] simulator fidelity of .*generator -> .*generator-fidelity\.json: starting$/m,
    );

    assert.match(
      first.stdout,
      /^Generator fidelity \(tiny generator, hopper, 16 starts\): next-state NMSE \d.*; the gate kept [\d.]+% of the steps\.$/m,
    );
    const file = readGeneratorFidelityFile(plan.generatorFidelity[0].file);
    assert.ok(file, "the fidelity file was written");
    const f = file.fidelity;
    assert.equal(file.label, "tiny generator");
    assert.equal(f.env, "hopper");
    assert.equal(f.starts, 16);
    assert.deepEqual(f.windowLengths, [4, 8]);
    assert.equal(f.samplerSteps, 6, "the generator's own sampler steps");
    assert.ok(f.gated, "the tiny generator has a plausibility gate");
    assert.ok(f.generatedSteps > 0 && f.keptSteps <= f.generatedSteps);
    assert.equal(f.gateKeptShare, f.keptSteps / f.generatedSteps);
    assert.ok(f.clippedActionShare >= 0 && f.clippedActionShare <= 1);
    for (const n of [f.generated, f.kept]) {
      assert.ok(n.stateNmse >= 0 && n.rewardNmse >= 0);
      assert.ok(n.perPosition.count.length >= 1 && n.perPosition.count.length <= 8);
      assert.equal(n.perPosition.stateNmse.length, n.perPosition.count.length);
      assert.equal(
        n.perPosition.count.reduce((s, c) => s + c, 0),
        n.transitions,
        "every replayed transition sits at one position",
      );
    }
    assert.equal(f.generated.transitions, f.generatedSteps);
    assert.equal(f.kept.transitions, f.keptSteps);

    const html = readFileSync(join(plan.report.dir, "report.html"), "utf8");
    const curves = html.indexOf("<h1>Learning curves</h1>");
    const panel = html.indexOf("<h2>Generator fidelity in the simulator</h2>");
    assert.ok(curves >= 0 && panel > curves && panel < html.indexOf("<h2>Scores</h2>"), "beside the curves");
    const section = html.slice(panel, html.indexOf("<h2>Scores</h2>"));
    assert.match(section, /<td>tiny generator<\/td><td>hopper<\/td><td>4, 8<\/td><td>16<\/td>/);
    assert.ok(section.includes(`<td>${f.kept.stateNmse.toPrecision(3)}</td>`), "the next-state NMSE");
    assert.ok(section.includes(`<td>${(100 * f.gateKeptShare).toFixed(1)}%</td>`), "the gate's kept share");
    assert.match(section, /<svg[\s\S]*step in the trajectory[\s\S]*<\/svg>/, "the per-position plot");
    assert.match(section, /tiny generator, kept by the gate/);

    const second = atradiff(["experiment", planFile]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal((second.stdout.match(/: done, skipped$/gm) ?? []).length, 5, second.stdout);

    // Other settings (here the seed), or no file (a killed measurement): measured again.
    const spec = plan.generatorFidelity[0];
    assert.equal(await generatorFidelityStage(spec).state(), "done");
    assert.equal(await generatorFidelityStage({ ...spec, seed: 1 }).state(), "todo");
    assert.equal(await generatorFidelityStage({ ...spec, file: join(base, "none.json") }).state(), "todo");
    rmSync(spec.file);
    const third = atradiff(["experiment", planFile]);
    assert.equal(third.status, 0, third.stderr);
    assert.match(third.stdout, /^\[3\/5\] simulator fidelity of .*: starting$/m);
    assert.match(third.stdout, /^\[5\/5\] report -> .*: starting$/m, "a new measurement redoes the report");
    assert.deepEqual(readGeneratorFidelityFile(spec.file)?.fidelity.kept, f.kept, "seeded: the same numbers");
    assert.ok(existsSync(spec.file));
  });
});

describe("the demo and central-claim plans", () => {
  it("train the temporal denoiser with the plausibility gate and measure its fidelity before the runs", () => {
    const root = join(base, "demo");
    const demo = demoPlan({ root });
    const claim = centralClaimPlan({ runsDir: join(base, "claim"), resultsDir: join(base, "claim-res") });
    for (const g of [...demo.generators, ...claim.generators]) {
      const s = parseGeneratorSettings(g.settings);
      assert.equal(s.diffusion.denoiser.architecture, "temporal", g.dir);
      assert.equal(s.plausibilityGate.enabled, true, g.dir);
      assert.notEqual(s.actionBound, null, `${g.dir}: actions clipped`);
      assert.equal(s.diffusion.edm.sampleSteps, 32);
    }
    assert.deepEqual(
      demo.generatorFidelity?.map((f) => [f.generator, f.file]),
      [[demo.generators[0].dir, join(root, DEMO_FIDELITY_FILE)]],
    );
    const labels = planStages(demo).map((s) => s.label.replace(/ -> .*/, "").replace(/ of .*/, ""));
    assert.deepEqual(labels, [
      "dataset hopper-medium (50000 rows)",
      "ATraDiff generator (window lengths 5,10)",
      "simulator fidelity",
      "training sac, sac-atradiff",
      "report",
    ]);
    // The central claim measures each env's generator and its cut to k <= 15.
    assert.deepEqual(
      claim.generatorFidelity?.map((f) => f.generator),
      [
        claim.generators[0].dir,
        claim.generatorCuts?.[0].dir,
        claim.generators[1].dir,
        claim.generatorCuts?.[1].dir,
      ],
    );
  });
});
