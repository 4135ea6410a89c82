// TensorBoard event files (report --tensorboard): framed and checksummed as TensorFlow's record
// writer does, and read back by TensorBoard's own loader (EventAccumulator) with the same scalars
// as metrics.csv. The reference reader needs a Python with the tensorboard package: set
// TENSORBOARD_PYTHON to it (default /work/venv-tb/bin/python; `pip install tensorboard`).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import CRC32C from "crc-32/crc32c.js";
import { maskedCrc32c, tensorboardEventFile } from "../../src/experiments/report/tensorboardEvents.js";
import { EVENT_FILE, writeTensorboardScalars } from "../../src/experiments/report/tensorboardScalars.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("tensorboard");
const PYTHON = process.env.TENSORBOARD_PYTHON ?? "/work/venv-tb/bin/python";

/** The records of an event file, each checked against its two masked CRC32Cs. */
function records(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < file.length; ) {
    const length = Number(view.getBigUint64(at, true));
    assert.equal(view.getUint32(at + 8, true), maskedCrc32c(file.subarray(at, at + 8)), "length CRC");
    const data = file.subarray(at + 12, at + 12 + length);
    assert.equal(view.getUint32(at + 12 + length, true), maskedCrc32c(data), "data CRC");
    out.push(data);
    at += 16 + length;
  }
  return out;
}

function writeRun(root: string, name: string, lines: object[]): string {
  const dir = join(root, name);
  const seed = join(dir, "seed-0");
  mkdirSync(seed, { recursive: true });
  writeFileSync(join(seed, "metrics.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  return dir;
}

describe("TensorBoard event files", () => {
  it("checksum with CRC32C (check value 0xe3069283) masked as TensorFlow masks it", () => {
    assert.equal(CRC32C.buf(new TextEncoder().encode("123456789")) >>> 0, 0xe3069283);
    const bytes = new TextEncoder().encode("123456789");
    const masked = maskedCrc32c(bytes);
    const unmasked = (masked - 0xa282ead8) >>> 0;
    assert.equal(((unmasked << 15) | (unmasked >>> 17)) >>> 0, 0xe3069283, "unmasking gives the CRC back");
  });

  it("frame every event in a record whose length and data checksums hold, version record first", () => {
    const file = tensorboardEventFile([
      { step: 1000, wallTime: 2.5, scalars: { evalReturn: 12.5, "losses/critic": 0.25 } },
      { step: 2000, wallTime: 5, scalars: { evalReturn: Number.NaN } },
      { step: 3000, wallTime: 7, scalars: { evalReturn: 30 } },
    ]);
    const rs = records(file);
    assert.equal(rs.length, 3, "the version record and the two events with a finite value");
    assert.ok(Buffer.from(rs[0]).includes(Buffer.from("brain.Event:2")));
    assert.ok(Buffer.from(rs[1]).includes(Buffer.from("losses/critic")));
    assert.throws(() => tensorboardEventFile([{ step: -1, wallTime: 0, scalars: { a: 1 } }]), /non-negative/);
  });

  it("are read by TensorBoard's EventAccumulator with the metrics' scalars, per run and seed", (t) => {
    if (!existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import tensorboard"]).status !== 0) {
      // CI sets TENSORBOARD_PYTHON (.ci/run): there a missing TensorBoard is a failure, not a skip.
      assert.equal(
        process.env.TENSORBOARD_PYTHON,
        undefined,
        `TENSORBOARD_PYTHON=${PYTHON} has no tensorboard`,
      );
      t.skip(`no Python with tensorboard at ${PYTHON} (set TENSORBOARD_PYTHON; pip install tensorboard)`);
      return;
    }
    const root = tempDir();
    const run = writeRun(root, "hopper-sac", [
      { step: 1000, wallSeconds: 3.5, evalReturn: 10.25, losses: { critic: 0.5, actor: -1 } },
      { step: 2000, wallSeconds: 7, evalReturn: 123456.789, losses: { critic: 0.125, actor: -2 } },
      { step: 300000, wallSeconds: 9, episodeReturns: [1, 2, 3] },
    ]);
    const [file] = writeTensorboardScalars([run], join(root, "report"));
    assert.equal(file, join(root, "report", "tensorboard", "hopper-sac", "seed-0", EVENT_FILE));
    records(readFileSync(file));
    const script = `
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
ea = EventAccumulator(sys.argv[1]); ea.Reload()
print(json.dumps({tag: [[e.step, e.wall_time, e.value] for e in ea.Scalars(tag)] for tag in ea.Tags()["scalars"]}))`;
    const r = spawnSync(PYTHON, ["-c", script, join(root, "report", "tensorboard", "hopper-sac", "seed-0")], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const scalars = JSON.parse(r.stdout) as Record<string, [number, number, number][]>;
    const f32 = (x: number) => Math.fround(x);
    assert.deepEqual(scalars, {
      evalReturn: [
        [1000, 3.5, 10.25],
        [2000, 7, f32(123456.789)],
      ],
      "losses/critic": [
        [1000, 3.5, 0.5],
        [2000, 7, 0.125],
      ],
      "losses/actor": [
        [1000, 3.5, -1],
        [2000, 7, -2],
      ],
      episodeReturnCount: [[300000, 9, 3]],
      episodeReturnMean: [[300000, 9, 2]],
    });
  });
});
