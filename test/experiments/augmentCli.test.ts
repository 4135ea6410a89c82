// `atradiff train --augment atradiff|synther|s4rl --adapt td|reward` as a user runs it: bad
// combinations exit 1 with one sentence and create nothing; a tiny ATraDiff run with TD adaptation
// on pendulum stores synthetic rows and logs them; SynthER online retrains and fills its synthetic
// buffer; the offline mode trains on the upsampled dataset; S4RL runs.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { loadReplayBufferInto } from "../../src/data/replayBufferFile.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { atradiff, killAfterFirstCheckpoint, spawnAtradiff } from "./cliRunner.js";
import { finalCheckpointFiles, metricsWithoutTiming } from "./runFiles.js";
import { TINY_GENERATOR_SETTINGS, writeTinyPendulumGenerator } from "./tinyGenerator.js";

const base = mkdtempSync(join(tmpdir(), "atradiff-augment-cli-"));
const generator = join(base, "generator");
const strictGate = join(base, "generator-strict-gate");
const dataset = join(base, "pendulum.hdf5");
before(async () => {
  await initEngine({ threads: 1 });
  await writeTinyPendulumGenerator(dataset, generator);
  // A gate that finds every step implausible: no trajectory keeps a step. It judges the steps as
  // diffused (re-drawn ones are the models' own and would pass).
  await writeTinyPendulumGenerator(join(base, "pendulum-same.hdf5"), strictGate, {
    ...TINY_GENERATOR_SETTINGS,
    nextStates: "diffused",
    plausibilityGate: { ...TINY_GENERATOR_SETTINGS.plausibilityGate, thresholdScale: 1e-12 },
  });
  await closeEngine();
});
after(() => rmSync(base, { recursive: true, force: true }));

const SMALL = [
  "--env",
  "pendulum",
  "--random-start-steps",
  "50",
  "--batch-size",
  "16",
  "--log-every",
  "50",
  "--eval-every",
  "200",
  "--eval-episodes",
  "1",
  "--max-episode-steps",
  "100",
  "--agent-settings",
  '{"actorHiddenSizes":[16,16],"criticHiddenSizes":[16,16]}',
];
const TINY_SYNTHER = {
  retrainEvery: 100,
  syntheticSize: 120,
  generationBatch: 60,
  model: {
    diffusion: {
      denoiser: { dimT: 16, width: 32, depth: 1 },
      training: { totalSteps: 10, batchSize: 32 },
      edm: { sampleSteps: 4 },
    },
  },
};

let runs = 0;
function run(args: string[]) {
  const out = join(base, `run-${runs++}`);
  return { out, ...atradiff(["train", ...args, "--out", out]) };
}

function lines(out: string): Record<string, unknown>[] {
  return readFileSync(join(out, "seed-0", "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("atradiff train --augment / --adapt: bad input", () => {
  const cases: [string, () => string[], string][] = [
    [
      "--adapt without --augment atradiff",
      () => ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "s4rl", "--adapt", "td"],
      `--adapt must be none unless --augment is atradiff (online adaptation fine-tunes ATraDiff's generator), got "td".`,
    ],
    [
      "--augment atradiff without a generator",
      () => ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "atradiff"],
      "--generator is missing; expected a generator directory written by `atradiff diffuser train` (--augment atradiff generates with it).",
    ],
    [
      "a generator of other observation sizes",
      () => [
        ...["--agent", "sac", "--env", "mountaincar-continuous", "--steps", "10"],
        ...["--augment", "atradiff", "--generator", generator],
      ],
      `The generator ${generator} makes observations of size 3 and actions of size 1, but mountaincar-continuous has 2 and 1.`,
    ],
    [
      "a directory without a generator",
      () => [
        "--agent",
        "sac",
        "--env",
        "pendulum",
        "--steps",
        "10",
        "--augment",
        "atradiff",
        "--generator",
        base,
      ],
      `${base} holds no ATraDiff generator (no manifest.json).`,
    ],
    [
      "rho out of range",
      () => [
        ...["--agent", "sac", "--env", "pendulum", "--steps", "10"],
        ...["--augment", "atradiff", "--generator", generator, "--rho", "1.5"],
      ],
      "--rho must be in [0, 1), got 1.5.",
    ],
    [
      "a request probability above 1",
      () => [
        ...["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "atradiff"],
        ...["--generator", generator, "--rho", "0.9", "--expected-length", "2"],
      ],
      "rho / ((1 - rho) L) = 4.500 exceeds 1 (rho 0.9, L 2): lower rho or generate longer trajectories.",
    ],
    [
      "adaptation in the offline mode",
      () => [
        ...["--agent", "td3bc", "--env", "pendulum", "--steps", "10", "--dataset", dataset],
        ...["--augment", "atradiff", "--generator", generator, "--adapt", "td"],
      ],
      `--adapt must be none in the offline mode (adaptation fine-tunes on the agent's own online transitions), got "td".`,
    ],
    [
      "adaptation with normalized observations",
      () => [
        ...["--agent", "td3bc", "--env", "pendulum", "--steps", "10", "--dataset", dataset],
        ...[
          "--mode",
          "offline-to-online",
          "--augment",
          "atradiff",
          "--generator",
          generator,
          "--adapt",
          "reward",
        ],
      ],
      "--adapt reward fine-tunes the generator on the replay buffer, which must then hold the env's own observations and rewards, but this run's preprocessing normalizes observations or transforms rewards.",
    ],
    [
      "an unknown augmentation",
      () => ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "mixup"],
      `--augment must be one of none, atradiff, synther, s4rl, got "mixup".`,
    ],
    [
      "a generator without --augment atradiff",
      () => ["--agent", "sac", "--env", "pendulum", "--steps", "10", "--generator", generator],
      `--generator must be left out unless --augment is atradiff, got "${generator}".`,
    ],
    [
      "a bad adaptation setting",
      () => [
        ...["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "atradiff"],
        ...["--generator", generator, "--adapt", "td", "--adapt-every", "0"],
      ],
      "--adapt-every must be at least 1, got 0.",
    ],
  ];
  for (const [what, args, expected] of cases)
    it(`exits 1 with one sentence for ${what}, creating nothing`, () => {
      const r = run(args());
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr.trim(), `atradiff: ${expected}`);
      assert.equal(existsSync(r.out), false);
    });

  it("exits 1 with one sentence when the generator's plausibility gate leaves trajectories too short for rho", () => {
    const r = run([
      ...["--agent", "sac", "--env", "pendulum", "--steps", "10", "--augment", "atradiff"],
      ...["--generator", strictGate],
    ]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `atradiff: Seed 0 failed: The generator ${strictGate} makes trajectories of 0.00 steps on average after its plausibility gate, too short for rho 0.5 (rho / ((1 - rho) L) exceeds 1): the gate finds most of its steps implausible; train the generator further, or train one without the gate (diffuser train --no-gate).`,
    );
  });
});

describe("atradiff train --augment", () => {
  it("atradiff with TD adaptation stores synthetic rows and logs counts and timings", () => {
    const r = run([
      ...["--agent", "sac", ...SMALL, "--steps", "300", "--augment", "atradiff", "--adapt", "td"],
      ...["--generator", generator, "--adapt-every", "100"],
      ...["--augment-settings", '{"adaptation": {"fineTuneSteps": 2, "batchSize": 16}}'],
    ]);
    assert.equal(r.status, 0, r.stderr);
    const config = JSON.parse(readFileSync(join(r.out, "config.json"), "utf8"));
    assert.deepEqual([config.augment, config.adapt, config.generator], ["atradiff", "td", generator]);
    assert.equal(config.augmentSettings.adaptation.every, 100);
    const log = lines(r.out);
    const last = log.at(-1)!.synthetic as Record<string, number>;
    assert.ok(last.rows > 50 && last.trajectories > 10, JSON.stringify(last));
    // At steps 100 and 200; none after the last step (300), where it could no longer help.
    assert.equal(last.adaptations, 2);
    for (const l of log)
      for (const f of ["generationSeconds", "generationWaitSeconds", "adaptationSeconds"])
        assert.equal(typeof l[f], "number", f);
  });

  it("synther online retrains every retrainEvery steps and fills its synthetic buffer; s4rl runs", () => {
    const synther = run([
      ...["--agent", "sac", ...SMALL, "--steps", "300", "--augment", "synther"],
      ...["--augment-settings", JSON.stringify({ synther: TINY_SYNTHER })],
    ]);
    assert.equal(synther.status, 0, synther.stderr);
    const log = lines(synther.out);
    // Retrained at steps 100 and 200, not after the last step (300).
    assert.deepEqual(log.at(-1)!.synthetic, { rows: 240, retrains: 2 });
    assert.deepEqual(log[0].synthetic, { rows: 0, retrains: 0 });
    const s4rl = run(["--agent", "sac", ...SMALL, "--steps", "100", "--augment", "s4rl"]);
    assert.equal(s4rl.status, 0, s4rl.stderr);
    assert.equal(lines(s4rl.out).at(-1)!.step, 100);
  });

  it("offline: td3bc learns from the dataset upsampled by SynthER or by ATraDiff", () => {
    // Offline SynthER trains once: its online schedule does not apply (and would be refused).
    const { retrainEvery: _, syntheticSize: __, ...offlineSynther } = TINY_SYNTHER;
    for (const augment of [
      [
        "--augment",
        "synther",
        "--augment-settings",
        JSON.stringify({ synther: offlineSynther, upsampleTo: 900 }),
      ],
      ["--augment", "atradiff", "--generator", generator, "--augment-settings", '{"upsampleTo": 900}'],
    ]) {
      const r = run([
        ...["--agent", "td3bc", "--env", "pendulum", "--dataset", dataset, "--steps", "50"],
        ...["--batch-size", "16", "--log-every", "50", "--eval-every", "50", "--eval-episodes", "1"],
        ...augment,
      ]);
      assert.equal(r.status, 0, r.stderr);
      const upsampled = new ReplayBuffer(900, 3, 1);
      loadReplayBufferInto(join(r.out, "seed-0", "upsampled-data.safetensors"), upsampled);
      assert.equal(upsampled.size, 900, "600 dataset rows and 300 generated ones");
      assert.equal(lines(r.out).at(-1)!.step, 50);
    }
  });
});

describe("atradiff resume of an augmented run", () => {
  it("continues a SIGKILLed ATraDiff run with adaptation to exactly the files of an uninterrupted one", async () => {
    const args = [
      ...["--agent", "sac", ...SMALL, "--steps", "600", "--checkpoint-every", "150"],
      ...["--augment", "atradiff", "--adapt", "td", "--generator", generator, "--adapt-every", "250"],
      ...["--augment-settings", '{"adaptation": {"fineTuneSteps": 2, "batchSize": 16}}'],
    ];
    const whole = run(args);
    assert.equal(whole.status, 0, whole.stderr);
    const killed = join(base, "killed");
    const step = await killAfterFirstCheckpoint(spawnAtradiff(["train", ...args, "--out", killed]), [
      join(killed, "seed-0"),
    ]);
    assert.ok(step >= 200 && step < 600, `killed after the checkpoint of step ${step}`);
    const resumed = atradiff(["resume", killed]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const [a, b] = [join(whole.out, "seed-0"), join(killed, "seed-0")];
    assert.deepEqual(metricsWithoutTiming(b), metricsWithoutTiming(a));
    const fa = finalCheckpointFiles(a);
    const fb = finalCheckpointFiles(b);
    assert.deepEqual(
      [...fb.keys()],
      ["agent.safetensors", "augment.json", "replay.safetensors", "synthetic.safetensors"],
    );
    for (const [name, bytes] of fa) assert.ok(bytes.equals(fb.get(name)!), `${name} is identical`);
  });
});
