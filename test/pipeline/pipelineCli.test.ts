// `atradiff experiment <plan.json>` and `atradiff demo` as a user runs them, on a tiny pendulum plan
// (a random dataset built by its recipe, a tiny generator, SAC and SAC+ATraDiff for a few hundred
// steps): killed with SIGKILL during training, a second session skips the dataset and generator,
// resumes the runs and writes the report from the published copies (no checkpoints among them); a
// third session skips everything; a plan training part of the runs still reports the others; a plan
// whose run settings changed is refused.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { generatorStage } from "../../src/pipeline/generatorStage.js";
import { fileSha256 } from "../../src/util/fileHash.js";
import { atradiff, CLI, killAfterFirstCheckpoint, ROOT, spawnAtradiff } from "../experiments/cliRunner.js";
import { TINY_GENERATOR_SETTINGS } from "../experiments/tinyGenerator.js";
import { tinySac } from "./tinySac.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-pipeline-cli-"));
after(() => rmSync(base, { recursive: true, force: true }));

const SAC = tinySac("pendulum", 300);

function tinyPlan(root = base) {
  const dataset = join(root, "pendulum-random.hdf5");
  const generator = join(root, "generator");
  return {
    title: "tiny",
    datasets: [{ name: "pendulum-random", path: dataset, size: 400 }],
    generators: [
      {
        dataset,
        dir: generator,
        saveEvery: 10,
        settings: TINY_GENERATOR_SETTINGS,
      },
    ],
    generatorCuts: [{ from: generator, dataset, windowLengths: [4], dir: join(root, "generator-k4") }],
    runs: [
      { name: "sac", dir: join(root, "runs", "sac"), settings: SAC },
      {
        name: "sac-atradiff",
        dir: join(root, "runs", "sac-atradiff"),
        settings: {
          ...SAC,
          augment: "atradiff",
          generator,
          augmentSettings: {
            atradiff: { generationBatchSize: 4, syntheticCapacity: 2000, lengthProbeStates: 8 },
          },
        },
      },
    ],
    parallel: 2,
    report: { dir: join(root, "results"), tableSteps: [100, 200, 300], publish: true },
  };
}

function writePlan(plan: object, root = base): string {
  const file = join(root, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

/** `atradiff experiment <file>` in the background; onStderr sees all of stderr so far, at each chunk. */
function startExperiment(file: string, onStderr?: (text: string) => void) {
  const child = spawn(process.execPath, [CLI, "experiment", file], {
    cwd: ROOT,
    env: { ...process.env, ATRADIFF_THREADS: "1" },
  });
  let text = "";
  child.stderr.on("data", (c: Buffer) => {
    text += c.toString("utf8");
    onStderr?.(text);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => text };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

describe("atradiff experiment <plan.json>", () => {
  it("resumes a killed pipeline, skips what is done, and publishes metrics and the report", async () => {
    const plan = tinyPlan();
    const file = writePlan(plan);
    const seedDirs = plan.runs.map((r) => join(r.dir, "seed-0"));
    const killedAt = await killAfterFirstCheckpoint(spawnAtradiff(["experiment", file]), seedDirs);
    assert.ok(killedAt > 0 && killedAt < 300);
    assert.ok(existsSync(join(base, "generator", "manifest.json")), "the generator was finished");
    const cutManifest = JSON.parse(readFileSync(join(base, "generator-k4", "manifest.json"), "utf8"));
    assert.deepEqual(cutManifest.settings.windowLengths, [4], "and cut down to its window of 4 steps");
    assert.ok(!existsSync(join(base, "results", "report.html")));

    // A seed that another live process trains (here: this test's process holds its lock) is left
    // to it; the others train, and the command says to run again.
    const lock = join(seedDirs[0], "run.lock");
    writeFileSync(lock, `${process.pid}\n`);
    const shared = atradiff(["experiment", file]);
    rmSync(lock);
    assert.equal(shared.status, 1, shared.stderr);
    assert.match(
      shared.stderr,
      new RegExp(
        `Other processes are training sac seed 0 \\(process ${process.pid}\\); run the same command again once they finish`,
      ),
    );
    assert.match(readFileSync(join(seedDirs[1], "metrics.jsonl"), "utf8"), /"step":300,/);
    assert.ok(!existsSync(join(base, "results", "report.html")));

    const second = atradiff(["experiment", file]);
    assert.equal(second.status, 0, second.stderr);
    const lines = second.stdout.split("\n");
    assert.equal(lines[0], `Report: ${join(base, "results", "report.html")}`);
    assert.ok(lines.includes("[1/5] dataset pendulum-random (400 rows): done, skipped"), second.stdout);
    assert.ok(
      lines.some((l) => /^\[2\/5\] ATraDiff generator \(window lengths 4,8\) .*: done, skipped$/.test(l)),
    );
    assert.ok(
      lines.some((l) => /^\[3\/5\] ATraDiff generator \(window lengths 4 of .*: done, skipped$/.test(l)),
    );
    assert.ok(lines.includes("[4/5] training sac, sac-atradiff: resuming"));
    assert.ok(lines.some((l) => /^\[5\/5\] report -> .*: starting$/.test(l)));
    assert.match(lines.filter((l) => l !== "").at(-1)!, /^Done in .*\. Report: .*report\.html$/);
    assert.ok(
      lines.some((l) => /^env +method +100 +200 +300 +time per seed +CPU per seed$/.test(l)),
      second.stdout,
    );
    assert.ok(
      lines.some((l) => /^pendulum +sac \+ atradiff \(return, 1 seeds\) +-?\d/.test(l)),
      second.stdout,
    );

    // The generator records its data, and the cut keeps the record: another dataset is refused.
    for (const dir of [plan.generators[0].dir, plan.generatorCuts[0].dir])
      assert.deepEqual(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).trainedOn, {
        dataset: plan.datasets[0].path,
        transitions: 400,
        sha256: fileSha256(plan.datasets[0].path),
      });
    // A generator whose recorded dataset hash differs (the dataset rebuilt under the same path).
    const rebuilt = join(base, "generator-of-other-bytes");
    cpSync(plan.generators[0].dir, rebuilt, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(rebuilt, "manifest.json"), "utf8"));
    manifest.trainedOn.sha256 = "0".repeat(64);
    writeFileSync(join(rebuilt, "manifest.json"), JSON.stringify(manifest));
    assert.throws(
      () => generatorStage({ ...plan.generators[0], dir: rebuilt }).state(),
      new RegExp(
        `${rebuilt} holds a generator trained on other contents of ${plan.datasets[0].path} \\(SHA-256 000000000000\\.\\.\\. then, ${fileSha256(plan.datasets[0].path).slice(0, 12)}\\.\\.\\. now\\); pass --force to replace it`,
      ),
    );
    const elsewhere = join(base, "elsewhere.hdf5");
    assert.throws(
      () => generatorStage({ ...plan.generators[0], dataset: elsewhere }).state(),
      (err: Error) =>
        err.message ===
        `${plan.generators[0].dir} holds a generator trained on ${plan.datasets[0].path}, not on the plan's ${elsewhere}; pass --force to replace it, or move it away to train the plan's generator there.`,
    );
    assert.equal(
      await generatorStage({ ...plan.generators[0], dataset: elsewhere }, true).state(),
      "todo",
      "experiment --force trains the plan's generator in place of the one atradiff made",
    );

    const results = join(base, "results");
    const published = files(results);
    for (const f of [
      "report.html",
      "curves.svg",
      "curves.png",
      "scores.md",
      "scores.json",
      "metrics.csv",
      "config.json",
      join("runs", "sac", "config.json"),
    ])
      assert.ok(published.includes(f), `${f} published`);
    for (const run of ["sac", "sac-atradiff"]) {
      const metrics = readFileSync(join(results, "runs", run, "seed-0", "metrics.jsonl"), "utf8");
      assert.equal(metrics, readFileSync(join(base, "runs", run, "seed-0", "metrics.jsonl"), "utf8"));
      assert.match(metrics, /"step":300,.*"evalReturnMean"/);
    }
    assert.ok(!published.some((f) => f.includes("checkpoints")), "no checkpoints in the results");
    assert.deepEqual(
      JSON.parse(readFileSync(join(results, "config.json"), "utf8")).runs[1].name,
      "sac-atradiff",
    );
    const html = readFileSync(join(results, "report.html"), "utf8");
    assert.match(html, /sac \+ atradiff/);

    const third = atradiff(["experiment", file]);
    assert.equal(third.status, 0, third.stderr);
    assert.equal((third.stdout.match(/: done, skipped$/gm) ?? []).length, 5, third.stdout);

    // A plan that trains sac alone still reports sac-atradiff (its report.alsoRuns), from the run's
    // directory or, once that is gone, from the published copy; a run without metrics is left out.
    const partial = tinyPlan();
    const [sacRun, atradiffRun] = partial.runs;
    const never = { name: "never", dir: join(base, "runs", "never"), settings: SAC };
    const alsoPlan = {
      ...partial,
      runs: [sacRun],
      report: { ...partial.report, alsoRuns: [atradiffRun, never] },
    };
    renameSync(atradiffRun.dir, `${atradiffRun.dir}-moved`);
    const fourth = atradiff(["experiment", writePlan(alsoPlan)]);
    renameSync(`${atradiffRun.dir}-moved`, atradiffRun.dir);
    assert.equal(fourth.status, 0, fourth.stderr);
    assert.match(
      fourth.stdout,
      /^\[5\/5\] report -> .*: starting$/m,
      "a report made for another plan is redone",
    );
    assert.match(fourth.stdout, /^pendulum +sac \+ atradiff \(return, 1 seeds\) +-?\d/m);
    assert.match(readFileSync(join(results, "report.html"), "utf8"), /sac \+ atradiff/);
    const publishedPlan = JSON.parse(readFileSync(join(results, "config.json"), "utf8"));
    assert.deepEqual([publishedPlan.runs, publishedPlan.report.alsoRuns], [[sacRun], [atradiffRun, never]]);
    assert.ok(!existsSync(join(results, "runs", "never")));

    const changed = tinyPlan();
    changed.runs[0].settings = { ...SAC, steps: 400 };
    const refused = atradiff(["experiment", writePlan(changed)]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /holds a run with other settings than the plan's run sac; pass --force to replace it, move it away/,
    );
    const forced = atradiff(["experiment", writePlan(changed), "--force"]);
    assert.equal(forced.status, 0, `--force replaces the run atradiff made: ${forced.stderr}`);
    assert.equal(JSON.parse(readFileSync(join(changed.runs[0].dir, "config.json"), "utf8")).steps, 400);
  });

  it("stops on Ctrl-C (SIGINT) with exit code 130, saying how to continue, and then continues", async () => {
    const root = join(base, "interrupted");
    mkdirSync(root);
    const plan = tinyPlan(root);
    const file = writePlan(plan, root);
    const { child, exited, stderr } = startExperiment(file);
    const pointer = join(plan.runs[0].dir, "seed-0", "checkpoints", "latest.json");
    while (!existsSync(pointer)) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr());
    assert.match(
      stderr(),
      new RegExp(`Stopped during training \\(after .*\\); continue with \`atradiff experiment ${file}\`\\.`),
    );
    const again = atradiff(["experiment", file]);
    assert.equal(again.status, 0, again.stderr);
    assert.ok(again.stdout.includes("[4/5] training sac, sac-atradiff: resuming"), again.stdout);
    assert.ok(existsSync(join(root, "results", "report.html")));
  });

  it("stops on Ctrl-C during the generator's training with the diffuser saved at the step it reached", async () => {
    const root = join(base, "generator-interrupted");
    mkdirSync(root);
    const plan = tinyPlan(root);
    const long = { ...TINY_GENERATOR_SETTINGS.diffusion, training: { totalSteps: 1e6, batchSize: 32 } };
    plan.generators[0].settings = { ...TINY_GENERATOR_SETTINGS, diffusion: long };
    plan.generators[0].saveEvery = 1e6;
    const file = writePlan(plan, root);
    // Ctrl-C at the first progress line: the training is under way and nothing is saved yet.
    const { child, exited, stderr } = startExperiment(file, (text) => {
      if (/diffuser k=4/.test(text) && !child.killed) child.kill("SIGINT");
    });
    assert.equal(await exited, 130, stderr());
    const m = new RegExp(
      `Stopped during the generator training \\(diffuser k=4 is saved at step (\\d+)\\); continue with \`atradiff experiment ${file}\`\\.`,
    ).exec(stderr());
    assert.ok(m, stderr());
    assert.ok(Number(m[1]) > 0);
    assert.ok(existsSync(join(plan.generators[0].dir, "diffuser-k4.safetensors")));
  });

  it("trains the runs marked later in a second pool, after a first report of the others", () => {
    const root = join(base, "later");
    mkdirSync(root);
    const dataset = join(root, "pendulum-random.hdf5");
    const plan = {
      title: "later",
      datasets: [{ name: "pendulum-random", path: dataset, size: 400 }],
      generators: [],
      synther: [],
      runs: [
        { name: "sac", dir: join(root, "runs", "sac"), settings: SAC },
        {
          name: "sac-extra",
          dir: join(root, "runs", "sac-extra"),
          settings: { ...SAC, seeds: [1], label: "sac (extra arm)" },
          later: true,
        },
      ],
      report: { dir: join(root, "results"), tableSteps: [300], publish: true },
    };
    const r = atradiff(["experiment", writePlan(plan, root)]);
    assert.equal(r.status, 0, r.stderr);
    const stages = r.stdout.split("\n").filter((l) => /^\[\d\/5\]/.test(l));
    assert.deepEqual(
      stages.map((l) => l.replace(/ -> .*:/, ":")),
      [
        "[1/5] dataset pendulum-random (400 rows): starting",
        "[2/5] training sac: starting",
        "[3/5] report: starting",
        "[4/5] training sac-extra: starting",
        "[5/5] report: starting",
      ],
    );
    const scores = JSON.parse(readFileSync(join(root, "results", "scores.json"), "utf8"));
    assert.deepEqual(scores.rows.map((row: { method: string }) => row.method).sort(), [
      "sac",
      "sac (extra arm)",
    ]);
    // The dataset on disk is the plan's only if its size and seed are.
    const resized = { ...plan, datasets: [{ ...plan.datasets[0], size: 500 }] };
    const refused = atradiff(["experiment", writePlan(resized, root)]);
    assert.equal(refused.status, 1);
    assert.ok(
      refused.stderr.includes(
        `${dataset} holds pendulum-random (400 rows per rollout, seed 0), but the plan asks for pendulum-random (500 rows, seed 0); move the file away or give the plan its size and seed.`,
      ),
      refused.stderr,
    );
  });

  it("refuses a bad plan file and a bad experiment name with one sentence", () => {
    const bad = writePlan({ ...tinyPlan(), parallel: 0 });
    const r = atradiff(["experiment", bad]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), `atradiff: "parallel" in ${bad} must be a positive integer, got 0.`);
    const unknown = atradiff(["experiment", "central-claims"]);
    assert.equal(unknown.status, 1);
    assert.match(
      unknown.stderr,
      /Unknown experiment "central-claims"; expected central-claim or a plan file/,
    );
  });
});

describe("atradiff demo --help", () => {
  it("says what the demo does, how long it takes and how to continue it", () => {
    const r = atradiff(["demo", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /SAC and SAC\+ATraDiff/);
    assert.match(r.stdout, /~10 min on 2 free cores/);
    assert.match(r.stdout, /rerun to continue after Ctrl-C/);
    assert.match(r.stdout, /--out <dir>/);
  });
});
