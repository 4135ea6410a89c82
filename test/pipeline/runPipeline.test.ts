// The pipeline runner and plan checks, in-process: finished stages are skipped, partial ones resumed,
// a stage that ends incomplete fails the pipeline; bad plans are refused with one sentence before
// anything runs (a missing dataset without a committed policy names the command that builds it).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseSyntherSettings } from "../../src/baselines/synther/syntherSettings.js";
import { augmentSettingsSchema, syntherModelInput } from "../../src/experiments/job/augmentConfig.js";
import { centralClaimPlan } from "../../src/pipeline/centralClaimPlan.js";
import { checkPlan } from "../../src/pipeline/checkPlan.js";
import { demoPlan } from "../../src/pipeline/demoPlan.js";
import { planStages } from "../../src/pipeline/planStages.js";
import { readPlanFile } from "../../src/pipeline/readPlanFile.js";
import { runPipeline } from "../../src/pipeline/runPipeline.js";
import type { Stage, StageState } from "../../src/pipeline/stage.js";
import { ProgressBoard } from "../../src/util/progress.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-pipeline-"));
const savedData = process.env.ATRADIFF_DATA;
process.env.ATRADIFF_DATA = join(base, "data");
after(() => {
  rmSync(base, { recursive: true, force: true });
  if (savedData === undefined) delete process.env.ATRADIFF_DATA;
  else process.env.ATRADIFF_DATA = savedData;
});

/** A stage whose state is a variable; running it records the call and makes it `afterRun`. */
function fakeStage(label: string, initial: StageState, ran: string[], afterRun: StageState = "done"): Stage {
  let s = initial;
  return {
    label,
    state: () => s,
    run: async () => {
      ran.push(label);
      s = afterRun;
    },
  };
}

/** Matches the error's message itself (assert.throws matches a RegExp against "Error: ..."). */
const message = (re: RegExp) => (err: Error) => re.test(err.message);

const quiet = { makeBoard: () => new ProgressBoard({ tty: false, plainIntervalMs: 1e9 }) };

describe("runPipeline", () => {
  it("skips finished stages, resumes partial ones and runs the rest, in order", async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const outcomes = await runPipeline(
      [fakeStage("a", "done", ran), fakeStage("b", "partial", ran), fakeStage("c", "todo", ran)],
      { ...quiet, log: (l) => lines.push(l) },
    );
    assert.deepEqual(ran, ["b", "c"]);
    assert.deepEqual(
      outcomes.map((o) => o.before),
      ["done", "partial", "todo"],
    );
    assert.deepEqual(lines, ["[1/3] a: done, skipped", "[2/3] b: resuming", "[3/3] c: starting"]);
  });

  it("stops at a stage that ends without completing its outputs", async () => {
    const ran: string[] = [];
    await assert.rejects(
      runPipeline([fakeStage("a", "todo", ran, "partial"), fakeStage("b", "todo", ran)], {
        ...quiet,
        log: () => {},
      }),
      /The stage "a" ended without completing its outputs \(state partial\)\./,
    );
    assert.deepEqual(ran, ["a"]);
  });
});

describe("checkPlan", () => {
  it("accepts the demo and the hopper central claim, which build their datasets from committed policies", () => {
    checkPlan(demoPlan({ root: join(base, "demo") }));
    const plan = centralClaimPlan({
      envs: ["hopper"],
      runsDir: join(base, "runs"),
      resultsDir: join(base, "res"),
    });
    checkPlan(plan);
    assert.deepEqual(
      plan.runs.map((r) => r.name),
      ["hopper-sac", "hopper-sac-atradiff", "hopper-sac-synther", "hopper-sac-atradiff-k5-15"],
    );
    // The diagnostic arm: the generator cut down to its short windows, made after it is trained.
    assert.deepEqual(plan.generatorCuts, [
      {
        from: plan.generators[0].dir,
        dataset: plan.datasets[0].path,
        windowLengths: [5, 10, 15],
        dir: join(base, "runs", "models", "hopper-medium-generator-model-states-k5-15"),
      },
    ]);
    assert.equal(plan.runs[3].settings.generator, plan.generatorCuts?.[0].dir);
    assert.equal(plan.runs[3].settings.label, "sac + atradiff (k <= 15)");
    // It trains in a second pool, after the claim's arms and a first report, so it never delays them.
    assert.deepEqual(
      planStages(plan)
        .map((st) => st.label.replace(/ -> .*/, ""))
        .filter((l) => l.startsWith("training") || l.startsWith("report")),
      [
        "training hopper-sac, hopper-sac-atradiff, hopper-sac-synther",
        "report",
        "training hopper-sac-atradiff-k5-15",
        "report",
      ],
    );
    // A plan file says the same with "later": true, and the flag survives reading it back.
    const file = join(base, "claim-plan.json");
    writeFileSync(file, JSON.stringify(plan));
    assert.deepEqual(
      readPlanFile(file).runs.map((r) => r.later ?? false),
      [false, false, false, true],
    );
    // walker2d is not trained but still reported as far as it ran.
    assert.deepEqual(
      plan.report.alsoRuns?.map((r) => r.name),
      ["walker2d-sac", "walker2d-sac-atradiff", "walker2d-sac-synther", "walker2d-sac-atradiff-k5-15"],
    );
    assert.deepEqual(plan.report.tableSteps, [25_000, 50_000, 100_000]);
    assert.ok(plan.runs.every((r) => r.settings.steps === 100_000));
    // SynthER online at the scale that fits here (centralClaimPlan.ts says why), merged over the
    // online defaults the way a run resolves it.
    const synther = plan.runs[2].settings as { mode: string; augmentSettings: unknown };
    const model = parseSyntherSettings(
      syntherModelInput({
        mode: "online",
        augmentSettings: augmentSettingsSchema.parse(synther.augmentSettings),
      }),
    );
    assert.deepEqual(
      [model.diffusion.denoiser.width, model.diffusion.denoiser.depth, model.diffusion.training.totalSteps],
      [256, 3, 5_000],
    );
    assert.equal(augmentSettingsSchema.parse(synther.augmentSettings).synther.syntheticSize, 50_000);
  });

  it("names a missing dataset that cannot be built here and the command that builds it", () => {
    // walker2d has no committed expert policy, so a missing walker2d-expert cannot be rolled out.
    const plan = centralClaimPlan({
      envs: ["hopper"],
      runsDir: join(base, "runs"),
      resultsDir: join(base, "res"),
    });
    const missing = join(base, "walker2d-expert.hdf5");
    const withMissing = {
      ...plan,
      datasets: [{ ...plan.datasets[0], name: "walker2d-expert", path: missing }],
    };
    assert.throws(
      () => checkPlan(withMissing),
      (err: Error) =>
        /^The dataset walker2d-expert is missing \(.*walker2d-expert\.hdf5\) and there is no committed walker2d-expert behavior policy/.test(
          err.message,
        ) && err.message.includes("`atradiff dataset build walker2d-expert --train-policy`"),
    );
  });

  it("refuses clashing runs, bad run settings and files no stage makes, with one sentence", () => {
    const plan = demoPlan({ root: join(base, "demo") });
    const [sac, atradiff] = plan.runs;
    assert.throws(
      () => checkPlan({ ...plan, runs: [sac, { ...atradiff, name: "sac" }] }),
      message(/^Two runs of the plan demo share the name or directory sac\.$/),
    );
    assert.throws(
      () =>
        checkPlan({
          ...plan,
          runs: [sac],
          report: { ...plan.report, alsoRuns: [{ ...atradiff, dir: sac.dir }] },
        }),
      message(/^Two runs of the plan demo share the name or directory .*\.$/),
    );
    assert.throws(
      () => checkPlan({ ...plan, runs: [{ ...sac, settings: { ...sac.settings, steps: -5 } }] }),
      message(/^"steps" of the run sac must be a positive integer, got -5\.$/),
    );
    assert.throws(
      () => checkPlan({ ...plan, generators: [] }),
      message(
        /^The generator .*generator-model-states does not exist and no generator or cut stage of the plan makes it\.$/,
      ),
    );
    const cut = {
      from: join(base, "none"),
      dataset: plan.datasets[0].path,
      windowLengths: [4],
      dir: join(base, "cut"),
    };
    assert.throws(
      () => checkPlan({ ...plan, generatorCuts: [cut] }),
      message(/^The generator .*none does not exist and no generator stage of the plan makes it\.$/),
    );
    assert.throws(() => checkPlan({ ...plan, runs: [] }), message(/^The plan demo has no training runs\.$/));
    assert.throws(() => centralClaimPlan({ envs: ["ant"] }), /not "ant"\.$/);
  });
});
