// The VectorEnv info codec: numeric infos cross as doubles bit for bit, with the schema sent only
// when it changes; anything else falls back to JSON; a too-small slot fails with the option to raise.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INFO_HEADER_SLOTS, InfoReader, type InfoSlot, InfoWriter } from "../../src/envs/vector/infoCodec.js";

function slot(values = 16, bytes = 512): InfoSlot {
  return {
    values: new Float64Array(values),
    bytes: new Uint8Array(bytes),
    header: new Int32Array(INFO_HEADER_SLOTS),
  };
}

/** The bytes of a double, so NaN and -0 compare exactly. */
const bits = (x: unknown) => [...new Uint8Array(Float64Array.of(x as number).buffer)];

describe("VectorEnv info codec", () => {
  it("carries numbers bit for bit (NaN, -0, infinities), booleans, number arrays and nested infos", () => {
    const s = slot();
    const writer = new InfoWriter(s, "env 0 (test)");
    const reader = new InfoReader(s);
    const info = {
      xPosition: -0,
      xVelocity: Number.NaN,
      big: Number.NEGATIVE_INFINITY,
      success: true,
      goal: Float64Array.of(1.5, -2.25),
      finalObs: Float64Array.of(9, 9),
      finalInfo: { success: false, xPosition: 0.1 + 0.2 },
    };
    writer.write(info);
    const got = reader.read();
    assert.deepEqual(Object.keys(got), ["xPosition", "xVelocity", "big", "success", "goal", "finalInfo"]);
    assert.deepEqual(bits(got.xPosition), bits(-0));
    assert.ok(Number.isNaN(got.xVelocity));
    assert.equal(got.big, Number.NEGATIVE_INFINITY);
    assert.equal(got.success, true);
    assert.deepEqual(got.goal, [1.5, -2.25]);
    assert.deepEqual(got.finalInfo, { success: false, xPosition: 0.1 + 0.2 });
  });

  it("sends the schema once per shape and follows a change of shape", () => {
    const s = slot();
    const writer = new InfoWriter(s, "env 0 (test)");
    const reader = new InfoReader(s);
    writer.write({ a: 1, b: 2 });
    assert.deepEqual(reader.read(), { a: 1, b: 2 });
    const schemaBytes = s.bytes.slice();
    s.bytes.fill(0); // a same-shape info must not need the schema bytes again
    writer.write({ a: 3, b: 4 });
    assert.deepEqual(reader.read(), { a: 3, b: 4 });
    s.bytes.set(schemaBytes);
    writer.write({ b: 5, a: 6 });
    assert.deepEqual(Object.entries(reader.read()), [
      ["b", 5],
      ["a", 6],
    ]);
    writer.write({ a: 7 });
    assert.deepEqual(reader.read(), { a: 7 });
  });

  it("falls back to JSON for other values, and back to doubles afterwards", () => {
    const s = slot();
    const writer = new InfoWriter(s, "env 0 (test)");
    const reader = new InfoReader(s);
    writer.write({ a: 1 });
    reader.read();
    writer.write({ a: 2, name: "x", nested: { list: [1, "y"] } });
    assert.deepEqual(reader.read(), { a: 2, name: "x", nested: { list: [1, "y"] } });
    writer.write({ a: 3 });
    assert.deepEqual(reader.read(), { a: 3 });
  });

  it("uses JSON when the values do not fit, and names the env and the option when the bytes do not", () => {
    const s = slot(2, 64);
    const writer = new InfoWriter(s, "env 3 (hopper)");
    const reader = new InfoReader(s);
    writer.write({ v: [1, 2, 3] });
    assert.deepEqual(reader.read(), { v: [1, 2, 3] });
    assert.throws(
      () => writer.write({ v: "x".repeat(100) }),
      /The info of env 3 \(hopper\) needs more than the 64 bytes a VectorEnv holds per env \(raise the infoBytes option\)/,
    );
  });
});
