// The safetensors reader checks a file as the format specifies before it allocates anything:
// each kind of malformed header is refused with one sentence naming the file and the problem, and
// a checkpoint with a NaN or infinite weight is refused when loaded into a model.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadReplayBuffer } from "../../src/data/replayBufferFile.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadModule, saveModule } from "../../src/nn/checkpoint.js";
import { MLP } from "../../src/nn/mlp.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/nn/safetensors.js";
import { readSafetensors } from "../../src/nn/safetensorsFile.js";
import { MEMORY_BUDGET_VARIABLE } from "../../src/util/memoryBudget.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("safetensors-format");

/** A file of the given header (any JSON value) and data bytes, unpadded. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(lengthOverride ?? BigInt(json.length));
  return Buffer.concat([len, json, data]);
}

const FOUR_FLOATS = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: "F32",
  shape,
  data_offsets: [begin, end],
});

function refusal(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes, "x.safetensors");
  } catch (err) {
    const message = (err as Error).message;
    assert.ok(message.startsWith("x.safetensors is not a valid safetensors file: "), message);
    assert.ok(!message.includes("\n"));
    return message.slice("x.safetensors is not a valid safetensors file: ".length);
  }
  assert.fail("accepted");
}

describe("safetensors format", () => {
  before(async () => {
    await initEngine();
  });
  after(() => closeEngine());

  it("the header must be a bounded JSON object with string metadata", () => {
    assert.equal(refusal(file(null, FOUR_FLOATS)), "its header is null, expected a JSON object.");
    assert.equal(refusal(file([1, 2], FOUR_FLOATS)), "its header is an array, expected a JSON object.");
    assert.equal(refusal(file(7)), "its header is number 7, expected a JSON object.");
    assert.equal(
      refusal(file({ __metadata__: { a: "b", n: 5 }, t: f32([4], 0, 16) }, FOUR_FLOATS)),
      'its "__metadata__" entry "n" is number 5, expected a string.',
    );
    assert.equal(
      refusal(file({ __metadata__: null }, new Uint8Array(0))),
      'its "__metadata__" is null, expected an object of strings.',
    );
    assert.equal(
      refusal(file({}, new Uint8Array(0), 2n ** 63n)),
      "its header length is 9223372036854775808 bytes, over the format's limit of 100000000.",
    );
    assert.equal(
      refusal(file({}, new Uint8Array(0), 1000n)),
      "its header claims 1000 bytes but the file has 2 after the length.",
    );
    const notUtf8 = file({});
    notUtf8[8] = 0xff;
    assert.equal(refusal(notUtf8), "its header is not UTF-8 JSON.");
  });

  it("every tensor needs a known dtype, a shape of non-negative integers and a matching byte count", () => {
    const one = (entry: unknown) => refusal(file({ t: entry }, FOUR_FLOATS));
    assert.match(
      one({ dtype: "F33", shape: [4], data_offsets: [0, 16] }),
      /^tensor "t" has dtype "F33", expected one of BOOL, U8, /,
    );
    assert.match(
      one({ dtype: "F32", shape: [-4], data_offsets: [0, 16] }),
      /shape \[-4\], expected a list of non-negative integers/,
    );
    assert.match(one({ dtype: "F32", shape: [2.5], data_offsets: [0, 16] }), /shape \[2\.5\]/);
    assert.match(
      one({ dtype: "F32", shape: [4], data_offsets: [16, 0] }),
      /data_offsets \[16,0\], expected \[begin, end\]/,
    );
    assert.match(one(null), /^tensor "t" is described by null/);
    assert.equal(
      one({ dtype: "F32", shape: [1e9], data_offsets: [0, 16] }),
      'tensor "t" (F32 of shape [1000000000]) needs 4000000000 bytes but its data_offsets span 16.',
    );
    // A shape whose product overflows is refused by the same equality (no wrap-around).
    assert.match(
      one({ dtype: "F64", shape: [2 ** 40, 2 ** 40, 2 ** 40], data_offsets: [0, 16] }),
      /needs .* bytes but its data_offsets span 16/,
    );
  });

  it("tensors must tile the data section exactly: no overlap, no gap, nothing outside", () => {
    const two = (a: number[], b: number[], data = FOUR_FLOATS) =>
      refusal(
        file({ a: f32([(a[1] - a[0]) / 4], a[0], a[1]), b: f32([(b[1] - b[0]) / 4], b[0], b[1]) }, data),
      );
    assert.equal(two([0, 12], [4, 16]), 'tensor "b" overlaps the tensor before it (bytes 4-16 of the data).');
    assert.equal(two([0, 4], [8, 16]), 'the data has a gap of unused bytes 4-8 before tensor "b".');
    assert.equal(
      two([0, 4], [4, 8]),
      "its tensors cover 8 bytes of data but the file holds 16 after the header.",
    );
    assert.equal(
      two([0, 8], [8, 24]),
      'tensor "b" ends at byte 24 of the data, but the data has 16 (file truncated?).',
    );
    // The same tensors in a valid layout are read (in any header order), empty tensors included.
    const ok = decodeSafetensors(
      file({ b: f32([2], 8, 16), e: f32([0, 3], 16, 16), a: f32([2], 0, 8) }, FOUR_FLOATS),
    );
    assert.deepEqual(Array.from(ok.tensors.get("a")!.data), [1, 2]);
    assert.deepEqual(Array.from(ok.tensors.get("b")!.data), [3, 4]);
    assert.deepEqual(ok.tensors.get("e")!.shape, [0, 3]);
  });

  it("what a file declares is checked against the memory budget before it is read", () => {
    const dir = tempDir();
    const path = join(dir, "big.safetensors");
    const tensors = new Map([["w", { shape: [64, 64], data: new Float32Array(4096) }]]);
    writeFileSync(path, Buffer.concat(encodeSafetensors(tensors)));
    const saved = process.env[MEMORY_BUDGET_VARIABLE];
    process.env[MEMORY_BUDGET_VARIABLE] = String(8192 / 1024 ** 3); // 8 KiB
    try {
      assert.throws(
        () => readSafetensors(path),
        /^MemoryBudgetError: The (file|tensors of) .*big\.safetensors would need 16\.\d+ KiB, over the memory budget of 8 KiB: raise ATRADIFF_MEMORY_BUDGET \(GiB\)\.$/,
      );
      // A replay buffer file declaring a huge capacity: refused from its header alone.
      const replay = join(dir, "replay.safetensors");
      const empty = new Map(
        ["obs", "action", "reward", "nextObs", "terminal", "truncated"].map((n) => [
          n,
          { shape: [0], data: new Float32Array(0) },
        ]),
      );
      const meta = {
        format: "atradiff-replay-buffer-v1",
        capacity: "1000000000000",
        obsDim: "11",
        actDim: "3",
        size: "0",
        next: "0",
        totalStored: "0",
      };
      writeFileSync(replay, Buffer.concat(encodeSafetensors(empty, meta)));
      assert.throws(
        () => loadReplayBuffer(replay),
        /The replay buffer of .*replay\.safetensors \(capacity 1000000000000\) would need .* TiB, over the memory budget/,
      );
    } finally {
      if (saved === undefined) delete process.env[MEMORY_BUDGET_VARIABLE];
      else process.env[MEMORY_BUDGET_VARIABLE] = saved;
    }
  });

  it("a checkpoint with a NaN or infinite weight is refused by name and leaves the model unchanged", () => {
    const dir = tempDir();
    const path = join(dir, "mlp.safetensors");
    const source = new MLP({ sizes: [3, 4, 2] }, new Rng(1));
    source.stateDict().get("layers.1.bias")!.data[1] = Number.NaN;
    saveModule(path, source);
    const target = new MLP({ sizes: [3, 4, 2] }, new Rng(2));
    const weightsBefore = target.parameters().map((p) => p.toArray());
    assert.throws(
      () => loadModule(path, target),
      /^Error: The checkpoint .*mlp\.safetensors holds NaN in tensor "layers\.1\.bias" \(at index 1\); expected finite weights\.$/,
    );
    assert.deepEqual(
      target.parameters().map((p) => p.toArray()),
      weightsBefore,
    );
    source.stateDict().get("layers.1.bias")!.data[1] = Number.POSITIVE_INFINITY;
    saveModule(path, source);
    assert.throws(() => loadModule(path, target), /holds Infinity in tensor "layers\.1\.bias"/);
    source.dispose();
    target.dispose();
  });
});
