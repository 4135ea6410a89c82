// `atradiff train` / `atradiff resume` as a user runs them (node bin/atradiff.js, after the build):
// bad options exit 1 with one sentence, existing directories are never replaced without --force
// (and never at all unless atradiff made them),
// a run killed with SIGKILL resumes to exactly the files of an uninterrupted run, Ctrl-C stops every
// seed at its next episode end with a checkpoint there (nothing lost), and a seed another process is
// training is refused.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ENGINE_LOG_FILE, engineKernels } from "../../src/experiments/seeds/engineSessions.js";
import { atradiff, CLI, killAfterFirstCheckpoint, ROOT, spawnAtradiff } from "./cliRunner.js";
import { writePendulumDataset } from "./pendulumDataset.js";
import { finalCheckpointFiles, metricsWithoutTiming } from "./runFiles.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "atradiff-cli-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A small, fast SAC on pendulum (episodes of 200 steps). */
const SMALL_SAC = [
  "--agent",
  "sac",
  "--env",
  "pendulum",
  "--random-start-steps",
  "200",
  "--batch-size",
  "32",
  "--log-every",
  "100",
  "--eval-every",
  "400",
  "--eval-episodes",
  "1",
  "--checkpoint-every",
  "200",
  "--agent-settings",
  '{"actorHiddenSizes":[16,16],"criticHiddenSizes":[16,16]}',
];

describe("atradiff train: bad input", () => {
  const out = () => join(tempDir(), "run");
  const cases: [string, string[], string][] = [
    [
      "unknown agent",
      ["--agent", "ppo", "--env", "pendulum", "--steps", "10"],
      `Unknown agent "ppo"; known agents: sac, redq, rlpd, td3bc, iql, bc.`,
    ],
    [
      "unknown env",
      ["--agent", "sac", "--env", "nosuch", "--steps", "10"],
      `Unknown environment "nosuch"; known environments: pendulum, `,
    ],
    [
      "non-integer steps",
      ["--agent", "sac", "--env", "pendulum", "--steps", "1.5"],
      "--steps must be a positive integer, got 1.5.",
    ],
    [
      "missing steps",
      ["--agent", "sac", "--env", "pendulum"],
      "--steps is missing; expected a positive integer.",
    ],
    [
      "bad seeds",
      ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--seeds", "0,x"],
      `--seeds must be a non-negative integer, got "x".`,
    ],
    [
      "missing dataset file",
      ["--agent", "td3bc", "--env", "pendulum", "--steps", "10", "--dataset", "/no/such/file.hdf5"],
      "The dataset file /no/such/file.hdf5 does not exist.",
    ],
    [
      "dataset agent without data",
      ["--agent", "iql", "--env", "pendulum", "--steps", "10"],
      "The agent iql learns from a dataset; give one with --dataset <file>.",
    ],
    [
      "an ATraDiff setting on a SynthER run",
      ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "synther", "--rho", "0.3"],
      "--rho applies only with --augment atradiff (this run: --mode online, --augment synther, --adapt none); leave it out.",
    ],
    [
      "an adaptation setting without --adapt",
      [
        ...["--agent", "sac", "--env", "pendulum", "--steps", "10"],
        ...["--augment-settings", '{"adaptation":{"every":500}}'],
      ],
      `--adapt-every applies only with --adapt td or reward (this run: --mode online, --augment none, --adapt none); leave it out.`,
    ],
    [
      "unknown agent setting",
      ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--agent-settings", '{"gama":1}'],
      `sac: unknown setting "gama"; valid settings: activation, actorCriticReduction, actorHiddenSizes, actorLr, backupEntropy, batchSize, criticHiddenSizes, criticLayerNorm, criticLr, gamma, initialTemperature, learnTemperature, logStdMax, logStdMin, numCritics, numTargetCritics, randomSteps, targetEntropy, targetEntropyPerActionDim, tau, temperatureLoss, temperatureLr, updatesPerStep.`,
    ],
  ];
  for (const [what, args, expected] of cases)
    it(`exits 1 with one sentence for ${what}, creating nothing`, () => {
      const dir = out();
      const r = atradiff(["train", ...args, "--out", dir]);
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stderr.startsWith(`atradiff: ${expected}`), r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, "one line");
      assert.equal(existsSync(dir), false);
    });
});

describe("atradiff train: existing directories", () => {
  it("refuses to overwrite without --force, and --force only replaces a run directory", () => {
    const dir = join(tempDir(), "run");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const args = ["train", ...SMALL_SAC, "--steps", "50", "--random-start-steps", "50", "--out", dir];
    const refused = atradiff(args);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /is not empty and was not made by atradiff \(it has no \.atradiff-output\.json\)/,
    );
    const notARun = atradiff([...args, "--force"]);
    assert.equal(notARun.status, 1);
    assert.match(notARun.stderr, /atradiff does not write into it or delete it, even with --force/);
    assert.equal(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");

    const run = join(tempDir(), "run");
    const first = atradiff(args.map((a) => (a === dir ? run : a)));
    assert.equal(first.status, 0, first.stderr);
    // 50 steps all within the 50 random start steps: trained, but the user is told it learned nothing.
    assert.match(
      first.stderr,
      /warning: --steps 50 ends within the 50 random start steps, so the agent makes no update/,
    );
    assert.ok(
      first.stdout
        .trimEnd()
        .endsWith(`The run is in ${run}; draw its learning curves with \`atradiff report ${run}\`.`),
      first.stdout,
    );
    const again = atradiff(args.map((a) => (a === dir ? run : a)));
    assert.equal(again.status, 1);
    assert.match(
      again.stderr,
      /already holds a training run; pass --force to replace it, continue it with `atradiff resume .*`, or choose another --out\./,
    );
    const forced = atradiff([...args.map((a) => (a === dir ? run : a)), "--force"]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(metricsWithoutTiming(join(run, "seed-0")).at(-1)?.step, 50);
  });
});

describe("atradiff train with a dataset", () => {
  it("trains offline (td3bc, normalized states) and offline-to-online (rlpd, 50/50 batches)", async () => {
    const dir = tempDir();
    const file = join(dir, "pendulum-random.hdf5");
    await writePendulumDataset(file, 3, 0);
    const small = ["--eval-every", "100", "--eval-episodes", "1", "--log-every", "50", "--batch-size", "32"];
    const nets = '{"actorHiddenSizes":[16,16],"criticHiddenSizes":[16,16]}';
    const offline = join(dir, "offline");
    const r1 = atradiff([
      "train",
      "--agent",
      "td3bc",
      "--env",
      "pendulum",
      "--dataset",
      file,
      "--steps",
      "200",
      ...small,
      "--agent-settings",
      nets,
      "--out",
      offline,
    ]);
    assert.equal(r1.status, 0, r1.stderr);
    const config = JSON.parse(readFileSync(join(offline, "config.json"), "utf8"));
    assert.equal(config.mode, "offline");
    assert.equal(config.dataset, file);
    assert.deepEqual(config.preprocessing, {
      normalizeObservations: true,
      rewardScale: "none",
      rewardShift: 0,
    });
    const stats = JSON.parse(readFileSync(join(offline, "seed-0", "observation-normalization.json"), "utf8"));
    assert.equal(stats.mean.length, 3);
    const lines = metricsWithoutTiming(join(offline, "seed-0"));
    assert.deepEqual(
      lines.map((l) => l.step),
      [50, 100, 150, 200],
    );
    assert.ok("criticLoss" in (lines[0].losses as object) && !("episodes" in lines[0]));

    const mixed = join(dir, "mixed");
    const rlpdNets =
      '{"actorHiddenSizes":[16,16],"criticHiddenSizes":[16,16],"numCritics":2,"updatesPerStep":2}';
    const r2 = atradiff([
      "train",
      "--agent",
      "rlpd",
      "--env",
      "pendulum",
      "--dataset",
      file,
      "--steps",
      "200",
      "--random-start-steps",
      "20",
      ...small,
      "--agent-settings",
      rlpdNets,
      "--out",
      mixed,
    ]);
    assert.equal(r2.status, 0, r2.stderr);
    assert.equal(JSON.parse(readFileSync(join(mixed, "config.json"), "utf8")).mode, "offline-to-online");
    const last = metricsWithoutTiming(join(mixed, "seed-0")).at(-1)!;
    assert.equal(last.step, 200);
    assert.equal(last.episodes, 1);
  });
});

describe("atradiff resume", () => {
  it("continues every seed of a SIGKILLed run to exactly the files of an uninterrupted run", async () => {
    const steps = ["--steps", "1400", "--seeds", "0,1"];
    const whole = join(tempDir(), "whole");
    const done = atradiff(["train", ...SMALL_SAC, ...steps, "--out", whole]);
    assert.equal(done.status, 0, done.stderr);

    const killed = join(tempDir(), "killed");
    const child = spawnAtradiff(["train", ...SMALL_SAC, ...steps, "--out", killed]);
    const checkpointStep = await killAfterFirstCheckpoint(child, [
      join(killed, "seed-0"),
      join(killed, "seed-1"),
    ]);
    assert.ok(checkpointStep >= 200 && checkpointStep < 1400);

    // The checkpointed seed's last session recorded as on other kernels: its resume warns (the
    // bits below are still equal, since the kernels did not really change); a seed that had not
    // started yet starts without a warning.
    const [warned] = ["seed-0", "seed-1"].filter((seed) =>
      existsSync(join(killed, seed, "checkpoints", "latest.json")),
    );
    const sessions = join(killed, warned, ENGINE_LOG_FILE);
    const lines = readFileSync(sessions, "utf8").trimEnd().split("\n");
    const real = engineKernels(JSON.parse(lines.at(-1)!).engine);
    const other = real.startsWith("wasm") ? "native (AVX2), 1 thread" : "wasm (SIMD), 1 thread";
    lines[lines.length - 1] = JSON.stringify({ startedAt: new Date().toISOString(), engine: other });
    writeFileSync(sessions, `${lines.join("\n")}\n`);
    const resumed = atradiff(["resume", killed]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const warnings = `${resumed.stdout}${resumed.stderr}`.split("\n").filter((l) => l.startsWith("Warning:"));
    assert.deepEqual(warnings, [
      `Warning: ${join(killed, warned)} resumes on ${real} kernels, but its last session ran on ${engineKernels(other)}: the resumed part will not be bit-identical to an uninterrupted run on ${engineKernels(other)}.`,
    ]);
    assert.match(resumed.stdout, /seed 0: finished 1400 steps/);
    assert.match(resumed.stdout, /seed 1: finished 1400 steps/);
    for (const seed of ["seed-0", "seed-1"]) {
      assert.deepEqual(metricsWithoutTiming(join(killed, seed)), metricsWithoutTiming(join(whole, seed)));
      const a = finalCheckpointFiles(join(whole, seed));
      const b = finalCheckpointFiles(join(killed, seed));
      assert.deepEqual([...b.keys()], ["agent.safetensors", "replay.safetensors"]);
      for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${seed}/${name} is identical`);
    }
    const nothing = atradiff(["resume", killed]);
    assert.equal(nothing.status, 0);
    assert.match(nothing.stdout, /nothing to resume/);
    const notARun = atradiff(["resume", join(killed, "nope")]);
    assert.equal(notARun.status, 1);
    assert.match(notARun.stderr, /is not an atradiff run directory: it has no config\.json\./);
  });

  it("stops on Ctrl-C with a checkpoint at each seed's next episode end, and refuses a seed in use", async () => {
    // Checkpoints every 1000 steps, episodes of 200: a stop at an episode end is off the schedule.
    const steps = ["--steps", "1400", "--seeds", "0", "--checkpoint-every", "1000"];
    const args = [...SMALL_SAC, ...steps]; // the later --checkpoint-every wins
    const whole = join(tempDir(), "whole");
    assert.equal(atradiff(["train", ...args, "--out", whole]).status, 0);

    const stopped = join(tempDir(), "stopped");
    // Its own process group, as a terminal's foreground job: Ctrl-C reaches the workers too.
    const child = spawn(process.execPath, [CLI, "train", ...args, "--out", stopped], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ATRADIFF_THREADS: "1" },
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const metrics = join(stopped, "seed-0", "metrics.jsonl");
    while (!existsSync(metrics) || !readFileSync(metrics, "utf8").includes('"step":300')) {
      await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(-child.pid!, "SIGINT");
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /Stopping: each seed writes a checkpoint at its next episode end/);
    const at = /seed 0: checkpoint written at step (\d+)/.exec(stderr);
    assert.ok(at, stderr);
    const step = Number(at[1]);
    assert.ok(step >= 400 && step < 1400 && step % 200 === 0, `stopped at an episode end: ${step}`);
    const pointer = JSON.parse(readFileSync(join(stopped, "seed-0", "checkpoints", "latest.json"), "utf8"));
    assert.equal(pointer.checkpoint, `step-${step}`, "the checkpoint is where the seed stopped");
    assert.match(stderr, new RegExp(`Continue with \`atradiff resume ${stopped}\``));

    // Another live process holds the seed: resume refuses it with one sentence.
    const holder = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      const lock = join(stopped, "seed-0", "run.lock");
      writeFileSync(lock, `${holder.pid}\n`);
      const refused = atradiff(["resume", stopped]);
      assert.equal(refused.status, 1);
      assert.equal(
        refused.stderr.trim().split("\n").at(-1),
        `atradiff: Seed 0 failed: The run ${join(stopped, "seed-0")} is in use by process ${holder.pid} (lock file ${lock}); wait for it or stop it first.`,
      );
      // Nor does --force replace the run under it.
      const replaced = atradiff(["train", ...args, "--out", stopped, "--force"]);
      assert.equal(replaced.status, 1);
      assert.equal(
        replaced.stderr.trim().split("\n").at(-1),
        `atradiff: ${join(stopped, "seed-0")} is being trained by process ${holder.pid}; stop it before replacing the run with --force.`,
      );
      assert.ok(existsSync(join(stopped, "seed-0", "checkpoints", "latest.json")), "the run is kept");
    } finally {
      holder.kill();
    }
    await new Promise((r) => holder.on("exit", r));
    // The holder is gone: its stale lock is taken over.
    const resumed = atradiff(["resume", stopped]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(
      metricsWithoutTiming(join(stopped, "seed-0")),
      metricsWithoutTiming(join(whole, "seed-0")),
    );
    const a = finalCheckpointFiles(join(whole, "seed-0"));
    const b = finalCheckpointFiles(join(stopped, "seed-0"));
    for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is identical`);
    assert.equal(existsSync(join(stopped, "seed-0", "run.lock")), false, "the lock is released");
  });
});
