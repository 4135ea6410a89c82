// Fuzzing the safetensors reader: thousands of seeded corruptions of a valid file (bit flips, byte
// overwrites in header and data, truncations, appended bytes, runs of 0xff), each either refused in
// one sentence or read correctly (the values are the file's bytes), all within a few seconds and
// without a large allocation. The seed and case number of a failure reproduce it.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { decodeSafetensors, encodeSafetensors } from "../../src/nn/safetensors.js";
import { readSafetensors } from "../../src/nn/safetensorsFile.js";
import { tempDirMaker } from "../tempDirs.js";
import { corrupt, oneSentenceProblem } from "./corruption.js";

const SEED = 1717;
const CASES = 4000;
const tempDir = tempDirMaker("safetensors-fuzz");

function validFile(): { bytes: Uint8Array; headerEnd: number } {
  const rng = new Rng(SEED);
  const tensors = new Map([
    ["net.layers.0.weight", { shape: [8, 5], data: rng.fillGaussian(new Float32Array(40)) as Float32Array }],
    ["net.layers.0.bias", { shape: [8], data: rng.fillGaussian(new Float32Array(8)) as Float32Array }],
    ["log_alpha", { shape: [], data: Float32Array.of(-1.5) }],
    ["empty", { shape: [0, 4], data: new Float32Array(0) }],
  ]);
  const parts = encodeSafetensors(tensors, { format: "fuzz", settings: '{"width": 8}' });
  const bytes = Buffer.concat(parts);
  return { bytes, headerEnd: 8 + Number(bytes.readBigUInt64LE(0)) };
}

/** The float32 values at `offset` of `bytes` (little-endian), read independently of the reader. */
function rawFloats(bytes: Uint8Array, offset: number, count: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
  return Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
}

test(`${CASES} corruptions of a safetensors file are each refused in one sentence or read correctly`, () => {
  const { bytes: valid, headerEnd } = validFile();
  const original = decodeSafetensors(valid);
  const rng = new Rng([SEED, 1]);
  const started = performance.now();
  const rssBefore = process.memoryUsage().rss;
  let refused = 0;
  for (let c = 0; c < CASES; c++) {
    const { what, bytes, firstChanged } = corrupt(valid, headerEnd, rng);
    const label = `case ${c} (seed ${SEED}): ${what}`;
    let content: ReturnType<typeof decodeSafetensors>;
    try {
      content = decodeSafetensors(bytes, "fuzz.safetensors");
    } catch (err) {
      const problem = oneSentenceProblem(err);
      assert.equal(problem, null, `${label}: ${problem}`);
      // A corruption confined to the data section must never be refused: the header still holds.
      assert.ok(
        firstChanged < headerEnd || bytes.length !== valid.length,
        `${label} refused: ${(err as Error).message}`,
      );
      refused++;
      continue;
    }
    // Accepted: every tensor's values are exactly the file's bytes at the place its header names.
    const dataStart = 8 + Number(Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0));
    const header = JSON.parse(Buffer.from(bytes.subarray(8, dataStart)).toString("utf8"));
    for (const [name, t] of content.tensors) {
      const count = t.shape.reduce((a, b) => a * b, 1);
      assert.equal(t.data.length, count, `${label}: ${name} length`);
      const floats = rawFloats(bytes, dataStart + header[name].data_offsets[0], count);
      assert.deepEqual(Array.from(t.data), floats, `${label}: ${name} values`);
    }
    if (firstChanged >= headerEnd && bytes.length === valid.length)
      assert.deepEqual([...content.tensors.keys()], [...original.tensors.keys()], label);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${CASES} corruptions: ${refused} refused, ${CASES - refused} read; ${seconds.toFixed(2)} s`);
  assert.ok(
    refused > CASES / 4 && refused < CASES,
    `${refused} refused: the corruptions reach both outcomes`,
  );
  assert.ok(seconds < 20, `${seconds} s`);
  assert.ok(process.memoryUsage().rss - rssBefore < 256 << 20, "no large allocation");
});

test("corrupted files read from disk behave as the same bytes in memory", () => {
  const { bytes: valid, headerEnd } = validFile();
  const rng = new Rng([SEED, 2]);
  const path = join(tempDir(), "fuzz.safetensors");
  for (let c = 0; c < 300; c++) {
    const { what, bytes } = corrupt(valid, headerEnd, rng);
    writeFileSync(path, bytes);
    let fromMemory: string;
    let fromDisk: string;
    try {
      fromMemory = JSON.stringify(
        [...decodeSafetensors(bytes, path).tensors].map(([k, t]) => [k, Array.from(t.data)]),
      );
    } catch (err) {
      fromMemory = (err as Error).message;
    }
    try {
      fromDisk = JSON.stringify([...readSafetensors(path).tensors].map(([k, t]) => [k, Array.from(t.data)]));
    } catch (err) {
      assert.equal(oneSentenceProblem(err), null, `case ${c}: ${what}`);
      fromDisk = (err as Error).message;
    }
    assert.equal(fromDisk, fromMemory, `case ${c} (seed ${SEED}): ${what}`);
  }
});
