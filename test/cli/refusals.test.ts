// What atradiff refuses, through the built CLI as a user runs it (issue 17's findings 1, 2, 3, 6
// and 10): each refusal is one sentence, exit code 1, before any directory is created or memory
// allocated, and nothing the user had is touched.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { claimOutputDirectory } from "../../src/util/outputDirectory.js";
import { takeRunLock } from "../../src/util/runLock.js";
import { CLI, ROOT } from "../experiments/cliRunner.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("refusals");
const FIXTURE = join(ROOT, "test", "fixtures", "data", "d4rl-small.hdf5");

/** Runs the CLI in `cwd` with its data directory there too. */
function atradiffIn(cwd: string, args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ATRADIFF_THREADS: "1", ATRADIFF_DATA: join(cwd, "data") },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts exit 1 and one line "atradiff: <sentence>." matching `expected`; returns the sentence. */
function refused(cwd: string, args: string[], expected: RegExp): string {
  const r = atradiffIn(cwd, args);
  const what = args.join(" ");
  assert.equal(r.status, 1, `${what}: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one line, got:\n${r.stderr}`);
  assert.ok(lines[0].startsWith("atradiff: ") && lines[0].endsWith("."), `${what}: ${lines[0]}`);
  assert.match(lines[0], expected, what);
  return lines[0];
}

const TRAIN = ["train", "--agent", "sac", "--env", "pendulum", "--random-start-steps", "0", "--steps", "100"];

test("train --force leaves a directory atradiff did not make alone (finding 1)", () => {
  const cwd = tempDir();
  mkdirSync(join(cwd, "p", "src"), { recursive: true });
  writeFileSync(join(cwd, "p", "config.json"), '{"name":"app"}');
  writeFileSync(join(cwd, "p", "src", "main.ts"), "code");
  refused(cwd, [...TRAIN, "--out", "p", "--force"], /p is not empty and was not made by atradiff/);
  assert.equal(readFileSync(join(cwd, "p", "src", "main.ts"), "utf8"), "code");
  assert.equal(readFileSync(join(cwd, "p", "config.json"), "utf8"), '{"name":"app"}');
});

test("an empty --out is refused and nothing is written into the current directory (finding 2)", () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, "config.json"), '{"mine":1}');
  refused(cwd, [...TRAIN, "--out", ""], /--out is empty/);
  refused(cwd, ["diffuser", "train", "--dataset", FIXTURE, "--out", " "], /--out is empty/);
  assert.deepEqual(readdirSync(cwd), ["config.json"]);
  assert.equal(readFileSync(join(cwd, "config.json"), "utf8"), '{"mine":1}');
});

test("experiment and report refuse a report directory atradiff did not make, before any work (finding 3)", () => {
  const cwd = tempDir();
  mkdirSync(join(cwd, "rep", "runs", "a", "seed-0"), { recursive: true });
  const foreign = {
    "rep/config.json": '{"foreign":1}',
    "rep/report.html": "<html>mine",
    "rep/runs/a/seed-0/config.json": '{"mine":2}',
  };
  for (const [f, text] of Object.entries(foreign)) writeFileSync(join(cwd, f), text);
  const settings = { agent: "sac", env: "pendulum", steps: 200, evalEvery: 100, seeds: [0] };
  const plan = {
    title: "t",
    datasets: [],
    generators: [],
    synther: [],
    runs: [{ name: "a", dir: "runs/a", settings }],
    report: { dir: "rep", tableSteps: [100], publish: true },
  };
  writeFileSync(join(cwd, "plan.json"), JSON.stringify(plan));
  for (const force of [[], ["--force"]])
    refused(cwd, ["experiment", "plan.json", ...force], /rep is not empty and was not made by atradiff/);
  refused(
    cwd,
    ["report", "rep/runs/a", "--out", "rep", "--force"],
    /rep is not empty and was not made by atradiff/,
  );
  for (const [f, text] of Object.entries(foreign)) assert.equal(readFileSync(join(cwd, f), "utf8"), text, f);
  assert.equal(existsSync(join(cwd, "runs")), false, "no run was started");
});

test("numbers beyond their bounds are refused before any directory is made (finding 6)", () => {
  const cwd = tempDir();
  const out = ["--out", "r"];
  refused(
    cwd,
    [...TRAIN.slice(0, -1), "1e20", ...out],
    /--steps must be at most 1,000,000,000, got 100000000000000000000/,
  );
  refused(cwd, [...TRAIN, "--buffer-capacity", "1e12", ...out], /--buffer-capacity must be at most/);
  refused(cwd, [...TRAIN, "--batch-size", "1e9", ...out], /--batch-size must be at most 65,536/);
  refused(
    cwd,
    [...TRAIN, "--augment-settings", '{"generation": {"samplerSteps": 1e9}}', ...out],
    /"generation\.samplerSteps" in --augment-settings must be at most 10,000/,
  );
  refused(
    cwd,
    ["diffuser", "sample", "--checkpoint", "g", "--from", FIXTURE, "--n", "1e8", "--steps", "1e9"],
    /--steps must be at most 10,000, got 1e9/,
  );
  refused(
    cwd,
    ["diffuser", "train", "--dataset", FIXTURE, "--scale", "paper", "--lengths", "1000", ...out],
    /The diffuser of windows of 1000 steps .* would need .*, over the engine's 4 GiB of WebAssembly memory: lower the window lengths/,
  );
  assert.deepEqual(readdirSync(cwd), [], "nothing created");
});

test("empty flags, prototype keys and unknown settings are refused; system errors are sentences (finding 10)", () => {
  const cwd = tempDir();
  refused(cwd, ["diffuser", "train", "--dataset", FIXTURE, "--out", "g", "--steps", ""], /--steps is empty/);
  refused(
    cwd,
    [...TRAIN, "--agent-settings", '{"__proto__": {"x": 1}, "gamma": 0.9}', "--out", "r"],
    /"__proto__" in --agent-settings is not a setting/,
  );
  refused(
    cwd,
    [...TRAIN, "--agent-settings", '{"lr": 0.1}', "--out", "r"],
    /sac: unknown setting "lr"; valid settings: activation, .*actorLr, .*criticLr/,
  );
  writeFileSync(join(cwd, "file"), "x");
  refused(
    cwd,
    [...TRAIN, "--out", "file/run"],
    /^atradiff: Cannot create the directory file\/run: a part of the path is a file, not a directory \(ENOTDIR\)\.$/,
  );
  assert.deepEqual(readdirSync(cwd), ["file"]);
});

test("a dataset whose actions lie outside the env's action space is refused for training (finding 10)", async () => {
  const cwd = tempDir();
  const rows = 400;
  const dataset = makeDataset({
    obsDim: 3,
    actDim: 1,
    observations: new Float32Array(rows * 3),
    nextObservations: new Float32Array(rows * 3),
    actions: new Float32Array(rows).map((_, i) => (i % 2 === 0 ? 1000 : -1000)),
    rewards: new Float32Array(rows),
    terminals: new Uint8Array(rows),
    timeouts: new Uint8Array(rows).map((_, i) => (i % 200 === 199 ? 1 : 0)),
    metadata: { env: "pendulum" },
  });
  await writeDatasetFile(join(cwd, "big-actions.hdf5"), dataset);
  refused(
    cwd,
    [
      "train",
      "--agent",
      "td3bc",
      "--env",
      "pendulum",
      "--steps",
      "10",
      "--dataset",
      "big-actions.hdf5",
      "--out",
      "r",
    ],
    /has the action value 1000 \(row 0, dimension 0\), outside pendulum's action space \[-1, 1\]; datasets with actions out of range are refused, not clipped/,
  );
  assert.deepEqual(readdirSync(cwd), ["big-actions.hdf5"]);
});

test("two builds of one dataset: while one holds the dataset's lock the other says so, then builds (finding 10)", () => {
  // The first build is stood in for by this process holding the build's lock (a real second
  // build can start too late to see the first one's lock on a busy machine); the lock itself is
  // exclusive by O_EXCL (test/util/runLock.test.ts).
  const cwd = tempDir();
  const data = join(cwd, "data");
  mkdirSync(data);
  const args = ["dataset", "build", "pendulum-random", "--size", "2000"];
  const release = takeRunLock(join(data, ".pendulum-random.hdf5.lock"), "a test's dataset build");
  try {
    refused(
      cwd,
      args,
      new RegExp(
        `The dataset pendulum-random \\(.*\\) is in use by process ${process.pid} \\(lock file .*\\); wait for it`,
      ),
    );
    assert.deepEqual(readdirSync(data), [".pendulum-random.hdf5.lock"], "the refused build wrote nothing");
  } finally {
    release();
  }
  const built = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ATRADIFF_THREADS: "1", ATRADIFF_DATA: data },
    encoding: "utf8",
  });
  assert.equal(built.status, 0, built.stderr);
  assert.deepEqual(readdirSync(data), ["pendulum-random.hdf5"]);
});

test("train --force refuses a run holding the user's notes or a report of its own, and deletes nothing", () => {
  const cwd = tempDir();
  const r1 = join(cwd, "r1");
  claimOutputDirectory(r1, "run");
  writeFileSync(join(r1, "config.json"), "{}");
  writeFileSync(join(r1, "report.html"), "a report into the run (report's default)");
  mkdirSync(join(r1, "seed-0"));
  claimOutputDirectory(join(r1, "seed-0", "report"), "report");
  refused(
    cwd,
    [...TRAIN, "--out", "r1", "--force"],
    /seed-0\/report, an output of its own .* so --force does not replace r1/,
  );
  mkdirSync(join(r1, "my-notes"));
  writeFileSync(join(r1, "my-notes", "thesis.txt"), "precious");
  refused(
    cwd,
    [...TRAIN, "--out", "r1", "--force"],
    /r1 holds r1\/my-notes, which is not part of a training run, so --force does not replace it: move that out or remove it yourself/,
  );
  assert.equal(readFileSync(join(r1, "my-notes", "thesis.txt"), "utf8"), "precious");
  assert.ok(existsSync(join(r1, "seed-0", "report")));
});

test("a dangling symbolic link given as --out is refused and kept", () => {
  const cwd = tempDir();
  symlinkSync(join(cwd, "gone"), join(cwd, "out"));
  refused(cwd, [...TRAIN, "--out", "out"], /out is a symbolic link to .*gone, which does not exist/);
  assert.ok(lstatSync(join(cwd, "out")).isSymbolicLink());
});
