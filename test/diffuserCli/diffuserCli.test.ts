// `atradiff diffuser train | sample | export | calibrate` on a tiny hopper dataset: an interrupted
// training continues to exactly the generator of an uninterrupted one; sampling writes HDF5 and a
// picture, and replays its transitions in the simulator; calibrate changes only the thresholds; bad input exits 1 with one sentence and existing
// outputs are kept without --force.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import {
  directoryState,
  GeneratorTrainingStopped,
  runDiffuserTraining,
} from "../../src/atradiff/training/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../../src/atradiff/windows/trainingEpisodes.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadCheckpoint } from "../../src/nn/checkpoint.js";
import { fileSha256 } from "../../src/util/fileHash.js";
import { writeOutputMarker } from "../../src/util/outputDirectory.js";
import { ProgressBoard } from "../../src/util/progress.js";
import { writeHopperDataset } from "./hopperDataset.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(ROOT, "bin", "atradiff.js");
const base = mkdtempSync(join(tmpdir(), "atradiff-diffuser-"));
const datasetFile = join(base, "hopper-tiny.hdf5");
const SETTINGS = {
  windowLengths: [5, 10],
  diffusion: {
    // Wide enough that the weights, not the settings in the metadata, make up the file sizes compared below.
    denoiser: { temporal: { width: 48, depth: 2 } },
    training: { totalSteps: 60, batchSize: 32 },
    edm: { sampleSteps: 16 },
  },
  estimator: { steps: 50 },
  // Lenient: these tiny models barely learn, and the counts below assume every trajectory is kept.
  plausibilityGate: { members: 2, hiddenSizes: [32], steps: 40, thresholdScale: 1e6 },
  pruner: { calibrationWindows: 16 },
};

before(async () => {
  await writeHopperDataset(datasetFile, 6, 40, 1);
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
  rmSync(base, { recursive: true, force: true });
});

function atradiff(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ATRADIFF_THREADS: "1" },
  });
}

const quietBoard = () =>
  new ProgressBoard({ tty: false, stream: { write: () => true } as unknown as NodeJS.WriteStream });

/** A quiet board that calls `act` when the task `label` reaches `step`. */
function boardActingAt(label: string, step: number, act: () => void): ProgressBoard {
  const board = quietBoard();
  const add = board.add.bind(board);
  board.add = (l, total, start) => {
    const task = add(l, total, start);
    return {
      finish: task.finish,
      update: (v, info) => {
        if (l === label && v === step) act();
        task.update(v, info);
      },
    };
  };
  return board;
}

// The uninterrupted training that interrupted ones must equal, trained once.
const whole = join(base, "whole");
let wholeTrained: Promise<void> | undefined;
function trainWhole(): Promise<void> {
  wholeTrained ??= (async () => {
    const data = trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset);
    const { generator } = await runDiffuserTraining({
      data,
      datasetPath: datasetFile,
      datasetSha256: fileSha256(datasetFile),
      settings: parseGeneratorSettings(SETTINGS),
      outDir: whole,
      force: false,
      chunkSteps: 25,
      progress: quietBoard(),
    });
    generator.dispose();
  })();
  return wholeTrained;
}

async function sameAsWhole(dir: string): Promise<void> {
  await trainWhole();
  for (const f of [
    "manifest.json",
    "diffuser-k5.safetensors",
    "diffuser-k10.safetensors",
    "lengthEstimator.safetensors",
    "plausibilityGate.safetensors",
  ])
    assert.ok(readFileSync(join(whole, f)).equals(readFileSync(join(dir, f))), `${f} differs`);
  assert.ok(!existsSync(join(dir, "training.json")), "the partial files are replaced");
}

/** What the trainings here share: the tiny dataset, SETTINGS, a save every 25 steps. */
async function hopperTraining() {
  return {
    data: trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset),
    datasetPath: datasetFile,
    datasetSha256: fileSha256(datasetFile),
    settings: parseGeneratorSettings(SETTINGS),
    force: false,
    chunkSteps: 25,
  };
}

describe("atradiff diffuser train", () => {
  it("an interrupted training continues to the same generator as an uninterrupted one", async () => {
    const data = trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset);
    const settings = parseGeneratorSettings(SETTINGS);
    const run = (outDir: string, progress: ProgressBoard) =>
      runDiffuserTraining({
        data,
        datasetPath: datasetFile,
        datasetSha256: fileSha256(datasetFile),
        settings,
        outDir,
        force: false,
        chunkSteps: 25,
        progress,
      });

    // Interrupt during the second diffuser, after its first save.
    const broken = join(base, "broken");
    const interrupting = boardActingAt("diffuser k=10", 40, () => {
      throw new Error("interrupted");
    });
    await assert.rejects(run(broken, interrupting), /interrupted/);
    assert.ok(existsSync(join(broken, "training.json")));
    assert.ok(!existsSync(join(broken, "manifest.json")));
    const { generator, resumed } = await run(broken, quietBoard());
    generator.dispose();
    assert.equal(resumed, true);
    await sameAsWhole(broken);
  });

  it("a training stopped by its signal saves mid-chunk and continues to the same generator", async () => {
    const stopped = join(base, "stopped");
    // Stops inside k=10's second chunk (steps 26-50), where the batch order is already drawn.
    const stop = new AbortController();
    const board = boardActingAt("diffuser k=10", 37, () => stop.abort());
    const options = await hopperTraining();
    await assert.rejects(
      runDiffuserTraining({ ...options, outDir: stopped, progress: board, signal: stop.signal }),
      (err: Error) => {
        assert.ok(err instanceof GeneratorTrainingStopped);
        assert.match(err.message, /diffuser k=10 is saved at step 37; run the same command again/);
        return true;
      },
    );
    const saved = loadCheckpoint(join(stopped, "diffuser-k10.safetensors"), WindowDiffuser.fromCheckpoint);
    assert.equal(saved.diffusion.stepCount, 37);
    saved.dispose();
    assert.ok(!existsSync(join(stopped, "lengthEstimator.safetensors")));
    const { generator, resumed } = await runDiffuserTraining({
      ...options,
      outDir: stopped,
      progress: quietBoard(),
    });
    generator.dispose();
    assert.equal(resumed, true);
    await sameAsWhole(stopped);
  });

  it("a stop during the length estimator, the plausibility gate or the pruner's calibration starts that part over, to the same generator", async () => {
    const dir = join(base, "stopped-late");
    const options = { ...(await hopperTraining()), outDir: dir };
    const stopAt = async (label: string, step: number, saved: RegExp) => {
      const stop = new AbortController();
      const board = boardActingAt(label, step, () => stop.abort());
      await assert.rejects(
        runDiffuserTraining({ ...options, progress: board, signal: stop.signal }),
        (err) => {
          assert.ok(err instanceof GeneratorTrainingStopped);
          assert.match(err.message, saved);
          return true;
        },
      );
    };
    await stopAt(
      "length estimator",
      20,
      /every diffuser is saved; the length estimator, stopped at step 20 of 50, starts over/,
    );
    assert.ok(existsSync(join(dir, "diffuser-k10.safetensors")));
    assert.ok(!existsSync(join(dir, "lengthEstimator.safetensors")));
    await stopAt(
      "plausibility gate",
      15,
      /every diffuser and the length estimator are saved; the plausibility gate, stopped at step 15 of 40, starts over/,
    );
    assert.ok(existsSync(join(dir, "lengthEstimator.safetensors")));
    assert.ok(!existsSync(join(dir, "plausibilityGate.safetensors")));
    // Stopped after the first of the two diffusers' calibrations.
    await stopAt(
      "pruner calibration",
      1,
      /every diffuser, the length estimator and the plausibility gate are saved; the pruner's calibration starts over/,
    );
    assert.ok(existsSync(join(dir, "plausibilityGate.safetensors")));
    assert.ok(!existsSync(join(dir, "manifest.json")));
    const { generator, resumed } = await runDiffuserTraining({ ...options, progress: quietBoard() });
    generator.dispose();
    assert.equal(resumed, true);
    await sameAsWhole(dir);
  });

  it("a partial training refuses to continue on a dataset whose bytes changed, and one recorded without a hash continues", async () => {
    const data = trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset);
    const changing = join(base, "changing.hdf5");
    copyFileSync(datasetFile, changing);
    const dir = join(base, "changed-data");
    const run = (progress: ProgressBoard) =>
      runDiffuserTraining({
        data,
        datasetPath: changing,
        datasetSha256: fileSha256(changing),
        settings: parseGeneratorSettings(SETTINGS),
        outDir: dir,
        force: false,
        chunkSteps: 25,
        progress,
      });
    const interrupted = () =>
      boardActingAt("diffuser k=5", 1, () => {
        throw new Error("interrupted");
      });
    await assert.rejects(run(interrupted()), /interrupted/);
    const started = fileSha256(changing);
    assert.equal(JSON.parse(readFileSync(join(dir, "training.json"), "utf8")).sha256, started);
    // `dataset build --force` with another seed: same path, other bytes.
    rmSync(changing);
    await writeHopperDataset(changing, 6, 40, 2);
    const now = fileSha256(changing);
    await assert.rejects(run(quietBoard()), {
      message: `The dataset ${changing} is not the one the partial training in ${dir} started with: its contents changed (SHA-256 ${started.slice(0, 12)}... when the training started, ${now.slice(0, 12)}... now); continue it on the original dataset, or pass --force to start over.`,
    });
    // A training.json written before the hash was recorded continues as before (past the check).
    const record = JSON.parse(readFileSync(join(dir, "training.json"), "utf8"));
    delete record.sha256;
    writeFileSync(join(dir, "training.json"), JSON.stringify(record));
    await assert.rejects(run(interrupted()), /interrupted/);
  });

  it("a directory marked as another kind is not trained into, whatever files it holds", async () => {
    const data = trainingEpisodesFromDataset((await readDatasetFile(datasetFile)).dataset);
    const dir = join(base, "marked-run");
    mkdirSync(dir);
    writeOutputMarker(dir, "run");
    const training = JSON.stringify({ format: "atradiff-generator-training-v2", dataset: datasetFile });
    writeFileSync(join(dir, "training.json"), training);
    const refusal = new RegExp(
      `${dir} holds a training run \\(made by atradiff .*\\), not an ATraDiff generator; choose another --out\\.$`,
    );
    assert.throws(() => directoryState(dir), refusal);
    const options = {
      data,
      datasetPath: datasetFile,
      datasetSha256: null,
      chunkSteps: 25,
      progress: quietBoard(),
    };
    for (const force of [false, true])
      await assert.rejects(
        runDiffuserTraining({ ...options, settings: parseGeneratorSettings(SETTINGS), outDir: dir, force }),
        refusal,
      );
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ format: "atradiff-generator-v1" }));
    assert.throws(() => directoryState(dir), refusal);
    assert.equal(readFileSync(join(dir, "training.json"), "utf8"), training, "nothing is written or removed");
  });

  it("Ctrl-C (SIGTERM) saves the diffuser at the step it reached and exits 130", async () => {
    const out = join(base, "cli-stopped");
    const long = {
      ...SETTINGS,
      diffusion: { ...SETTINGS.diffusion, training: { totalSteps: 1e6, batchSize: 32 } },
    };
    const child = spawn(
      process.execPath,
      [
        CLI,
        "diffuser",
        "train",
        "--dataset",
        datasetFile,
        "--out",
        out,
        "--save-every",
        "1000000",
        "--settings",
        JSON.stringify(long),
      ],
      { cwd: ROOT, env: { ...process.env, ATRADIFF_THREADS: "1" } },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
      // The first progress line: training is under way, with nothing saved yet.
      if (/diffuser k=5/.test(stderr) && child.exitCode === null && !child.killed) child.kill("SIGTERM");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 130, stderr);
    const m =
      /Stopped in .*cli-stopped: diffuser k=5 is saved at step (\d+); run the same command \(without --force\) to continue\./.exec(
        stderr,
      );
    assert.ok(m, stderr);
    const saved = loadCheckpoint(join(out, "diffuser-k5.safetensors"), WindowDiffuser.fromCheckpoint);
    assert.equal(saved.diffusion.stepCount, Number(m[1]));
    assert.ok(saved.diffusion.stepCount > 0);
    saved.dispose();
  });

  it("trains from the command line, refuses to replace a generator without --force, then samples", () => {
    const out = join(base, "cli-gen");
    const args = [
      "diffuser",
      "train",
      "--dataset",
      datasetFile,
      "--out",
      out,
      "--settings",
      JSON.stringify({ ...SETTINGS, seed: 3 }),
    ];
    // The window lengths and seed come from --settings: no flag gives them.
    const first = atradiff(args);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /trained 2 diffuser\(s\) \(multiple, lengths 5,10\)/);
    assert.equal(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).settings.seed, 3);
    assert.match(
      first.stdout,
      /pruning thresholds:\n {2}k=5: [\d.]+ from (real|generated) windows \(\d+% of this diffuser's starts are padded\), where it misses/,
    );
    const again = atradiff([...args, "--lengths", "5,10"]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already holds a trained generator; pass --force/);

    const samples = join(base, "samples.hdf5");
    const picture = join(base, "samples.png");
    const s = atradiff([
      "diffuser",
      "sample",
      "--checkpoint",
      out,
      "--from",
      datasetFile,
      "--n",
      "12",
      "--out",
      samples,
      "--render",
      picture,
      "--render-rows",
      "2",
    ]);
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /generated 12 trajectories/);
    assert.match(s.stdout, /diffusers {4}k=/);
    assert.match(
      s.stdout,
      /^actions {6}[\d.]+% of the generated steps had an action outside the action space \(clipped\); the plausibility gate kept \d+ of \d+ generated steps \(100\.0%\)$/m,
    );
    const info = atradiff(["dataset", "info", samples, "--json"]);
    assert.equal(JSON.parse(info.stdout).episodes.count, 12);
    assert.equal(readFileSync(picture).subarray(1, 4).toString(), "PNG");
    // One diffuser forced, and its transitions replayed in the simulator.
    const forced10 = atradiff([
      ...["diffuser", "sample", "--checkpoint", out, "--from", datasetFile, "--n", "6"],
      ...["--window-length", "10", "--fidelity", "--json"],
    ]);
    assert.equal(forced10.status, 0, forced10.stderr);
    const stats = JSON.parse(forced10.stdout);
    assert.deepEqual(stats.windowLengths, { 10: 6 });
    const steps = Object.entries(stats.lengths as Record<string, number>).reduce(
      (n, [l, c]) => n + Number(l) * c,
      0,
    );
    assert.equal(stats.fidelity.count, steps, "every generated transition is replayed");
    assert.equal(stats.keptSteps, steps);
    assert.equal(stats.fidelityBeforeGate.count, stats.generatedSteps);
    assert.ok(stats.clippedActionShare >= 0 && stats.clippedActionShare <= 1);
    assert.ok(stats.fidelity.stateNmse > 0 && Number.isFinite(stats.fidelity.rewardNmse), forced10.stdout);
    const described = atradiff([
      ...["diffuser", "sample", "--checkpoint", out, "--from", datasetFile, "--n", "2", "--fidelity"],
    ]);
    assert.match(described.stdout, /^fidelity {5}next-state NMSE [\d.]+, reward NMSE [\d.]+/m);
    const kept = atradiff([
      "diffuser",
      "sample",
      "--checkpoint",
      out,
      "--from",
      datasetFile,
      "--n",
      "3",
      "--out",
      samples,
    ]);
    assert.equal(kept.status, 1);
    assert.match(kept.stderr, /already exists; pass --force to overwrite it\./);

    // A sampling-only export is smaller and samples the same trajectories.
    const small = join(base, "cli-gen-sampling");
    const exported = atradiff(["diffuser", "export", "--checkpoint", out, "--out", small]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /MB for sampling \(the training checkpoint .* MB\)/);
    const size = (dir: string, f: string) => statSync(join(dir, f)).size;
    assert.ok(size(small, "diffuser-k10.safetensors") < 0.3 * size(out, "diffuser-k10.safetensors"));
    const sampleJson = (checkpoint: string, file: string) => {
      const r = atradiff([
        "diffuser",
        "sample",
        "--checkpoint",
        checkpoint,
        "--from",
        datasetFile,
        "--n",
        "4",
        "--out",
        file,
      ]);
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(file, "utf8");
    };
    assert.equal(sampleJson(small, join(base, "small.json")), sampleJson(out, join(base, "full.json")));
    const refused = atradiff(["diffuser", "export", "--checkpoint", out, "--out", small]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /already holds an ATraDiff generator; pass --force to replace it, or choose another --out\./,
    );

    // Calibrating again changes the thresholds, their record and the pruner settings, nothing else.
    const calibrate = (args: string[]) =>
      atradiff(["diffuser", "calibrate", "--dataset", datasetFile, ...args]);
    const inPlace = calibrate(["--checkpoint", out]);
    assert.equal(inPlace.status, 1);
    assert.match(inPlace.stderr, /pass --force to do so in place, or --out <dir> for a copy\.$/m);
    // In place too, --force replaces only a directory that holds nothing but the generator.
    writeFileSync(join(small, "notes.txt"), "mine");
    const withNotes = calibrate(["--checkpoint", small, "--force"]);
    assert.equal(withNotes.status, 1);
    assert.match(
      withNotes.stderr,
      /holds .*notes\.txt, which is not part of an ATraDiff generator, so --force does not replace it/,
    );
    assert.equal(readFileSync(join(small, "notes.txt"), "utf8"), "mine");
    rmSync(join(small, "notes.txt"));
    const onReal = join(base, "cli-gen-real");
    const c = calibrate(["--checkpoint", out, "--on", "real", "--out", onReal]);
    assert.equal(c.status, 0, c.stderr);
    assert.match(
      c.stdout,
      /^k=5: [\d.]+ from real windows \(\d+% .*\), where it misses \d+% of padded windows .* \(was [\d.]+\)$/m,
    );
    const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    const m = manifest(onReal);
    assert.equal(m.settings.pruner.calibrateOn, "real");
    assert.equal(m.prunerCalibration["10"].source, "real");
    assert.equal(m.prunerThresholds["10"], m.prunerCalibration["10"].threshold);
    for (const f of ["diffuser-k5.safetensors", "diffuser-k10.safetensors", "lengthEstimator.safetensors"])
      assert.ok(readFileSync(join(onReal, f)).equals(readFileSync(join(out, f))), `${f} unchanged`);
    // Cut down to its shorter window: every trajectory comes from k=5, whatever the estimate.
    const short = join(base, "cli-gen-k5");
    const cut = calibrate(["--checkpoint", out, "--lengths", "5", "--out", short]);
    assert.equal(cut.status, 0, cut.stderr);
    assert.deepEqual(manifest(short).settings.windowLengths, [5]);
    assert.deepEqual(
      manifest(short).diffusers.map((d: { windowLength: number }) => d.windowLength),
      [5],
    );
    assert.ok(
      readFileSync(join(short, "diffuser-k5.safetensors")).equals(
        readFileSync(join(out, "diffuser-k5.safetensors")),
      ),
    );
    const fromShort = atradiff([
      ...["diffuser", "sample", "--checkpoint", short, "--from", datasetFile, "--n", "8", "--json"],
    ]);
    assert.equal(fromShort.status, 0, fromShort.stderr);
    assert.deepEqual(JSON.parse(fromShort.stdout).windowLengths, { 5: 8 });
    // An exported generator, calibrated in place, stays sampling-only.
    const smallBefore = size(small, "diffuser-k10.safetensors");
    const forced = calibrate(["--checkpoint", small, "--force"]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(size(small, "diffuser-k10.safetensors"), smallBefore);
    assert.ok(manifest(small).prunerCalibration["5"]);
  });

  it("bad input exits 1 with one sentence", () => {
    // A training this (live) test process holds: the lock is a hidden file next to the directory.
    writeFileSync(join(base, ".locked.lock"), `${process.pid}\n`);
    const cases: [string[], RegExp][] = [
      [
        ["diffuser", "train", "--dataset", datasetFile, "--out", join(base, "locked")],
        /The generator training in .*locked is in use by process \d+ \(lock file .*\.locked\.lock\); wait for it or stop it first\./,
      ],
      [
        ["diffuser", "train", "--dataset", join(base, "none.hdf5"), "--out", join(base, "x")],
        /does not exist\./,
      ],
      [
        ["diffuser", "train", "--dataset", datasetFile, "--out", join(base, "x"), "--lengths", "5,0"],
        /--lengths must be a positive integer, got "0"\./,
      ],
      [
        ["diffuser", "train", "--dataset", datasetFile, "--out", join(base, "x"), "--lengths", "10,5"],
        /strictly increasing/,
      ],
      [
        ["diffuser", "train", "--dataset", datasetFile, "--out", join(base, "x"), "--seed", "1.5"],
        /--seed must be a non-negative integer, got "1\.5"\./,
      ],
      [
        ["diffuser", "train", "--dataset", datasetFile, "--out", join(base, "x"), "--settings", base],
        /--settings .* is a directory, not a JSON file\./,
      ],
      [
        ["diffuser", "sample", "--checkpoint", join(base, "nogen"), "--from", datasetFile, "--n", "2"],
        /holds no ATraDiff generator/,
      ],
      [
        ["diffuser", "sample", "--checkpoint", base, "--from", datasetFile, "--n", "2", "--out", "x.csv"],
        /--out must end in \.json or \.hdf5/,
      ],
      [
        [
          ...["diffuser", "sample", "--checkpoint", join(base, "cli-gen"), "--from", datasetFile, "--n", "2"],
          ...["--window-length", "7"],
        ],
        /This generator has no diffuser of its own for windows of 7 steps \(it has 5, 10\)\./,
      ],
      [
        [
          ...["diffuser", "sample", "--checkpoint", join(base, "cli-gen"), "--from", datasetFile, "--n", "2"],
          ...["--env", "hopper"],
        ],
        /--env applies only with --render or --fidelity, which replay in that env\./,
      ],
      [
        [
          ...["diffuser", "sample", "--checkpoint", join(base, "cli-gen"), "--from", datasetFile, "--n", "2"],
          ...["--fidelity", "--env", "pendulum"],
        ],
        /Simulator fidelity needs an env whose observation gives its whole state \(hopper, walker2d, halfcheetah\), got "pendulum"\./,
      ],
      [
        ["diffuser", "calibrate", "--checkpoint", base, "--dataset", datasetFile, "--on", "both", "--force"],
        /--on must be generated or real, got "both"\./,
      ],
      [
        [
          ...["diffuser", "calibrate", "--checkpoint", join(base, "cli-gen"), "--dataset", datasetFile],
          ...["--lengths", "5,7", "--out", join(base, "never")],
        ],
        /Window length 7 is not one of the generator's window lengths 5,10\./,
      ],
    ];
    for (const [args, message] of cases) {
      const r = atradiff(args);
      assert.equal(r.status, 1, args.join(" "));
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });
});
