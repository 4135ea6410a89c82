// Output of the renderer: PNG round trips, filmstrip layout, animated GIF structure, refusing to
// overwrite files, and `atradiff env render` on a real MuJoCo environment.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Command } from "commander";
import { addCommands } from "../../src/cli/commandSpec.js";
import { COMMANDS } from "../../src/cli/commands.js";
import { runEnvRender } from "../../src/envs/commands/envRender.js";
import { evenlySpacedSteps } from "../../src/envs/render/episodeRecorder.js";
import { filmstrip } from "../../src/envs/render/filmstrip.js";
import { encodeGif } from "../../src/envs/render/gif.js";
import { decodePng, encodePng } from "../../src/envs/render/png.js";
import { RayCaster, type RgbImage } from "../../src/envs/render/rayCaster.js";
import { addGeom, createScene } from "../../src/envs/render/scene.js";
import { writeOutputFile } from "../../src/envs/render/writeOutputFile.js";
import { redBlob, sideCamera } from "./renderPixels.js";

const dir = mkdtempSync(join(tmpdir(), "atradiff-render-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function solid(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) pixels.set(rgb, i);
  return { width, height, pixels };
}

function pixel(img: RgbImage, x: number, y: number): number[] {
  const i = 3 * (y * img.width + x);
  return Array.from(img.pixels.subarray(i, i + 3));
}

/** Walks a GIF's blocks; returns the logical screen size and each image's size. */
function gifFrames(bytes: Uint8Array): {
  width: number;
  height: number;
  frames: [number, number][];
  loops: boolean;
} {
  const text = Buffer.from(bytes.subarray(0, 6)).toString("latin1");
  assert.equal(text, "GIF89a");
  const u16 = (i: number) => bytes[i] | (bytes[i + 1] << 8);
  let p = 13;
  if (bytes[10] & 0x80) p += 3 << ((bytes[10] & 7) + 1);
  const skipSubBlocks = () => {
    while (bytes[p] !== 0) p += bytes[p] + 1;
    p++;
  };
  const frames: [number, number][] = [];
  let loops = false;
  for (;;) {
    const tag = bytes[p++];
    if (tag === 0x3b) break;
    if (tag === 0x21) {
      const label = bytes[p++];
      if (label === 0xff && Buffer.from(bytes.subarray(p + 1, p + 12)).toString("latin1") === "NETSCAPE2.0")
        loops = true;
      skipSubBlocks();
    } else if (tag === 0x2c) {
      frames.push([u16(p + 4), u16(p + 6)]);
      const flags = bytes[p + 8];
      p += 9;
      if (flags & 0x80) p += 3 << ((flags & 7) + 1);
      p++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`unexpected GIF block 0x${tag.toString(16)} at ${p - 1}`);
  }
  return { width: u16(6), height: u16(8), frames, loops };
}

describe("renderer output", () => {
  it("encodes a rendered frame as PNG that decodes to the same pixels", () => {
    const scene = createScene();
    addGeom(scene, { kind: "plane", size: [0, 0, 0], pos: [0, 0, 0], rgba: [0.8, 0.9, 0.8, 1] });
    addGeom(scene, { kind: "sphere", size: [0.3], pos: [0, 0, 1], rgba: [0.9, 0.1, 0.1, 1] });
    const img = new RayCaster(37, 23).render(scene, sideCamera(4, 1));
    const back = decodePng(encodePng(img));
    assert.equal(back.width, 37);
    assert.equal(back.height, 23);
    assert.deepEqual(back.pixels, img.pixels);
    assert.ok(redBlob(back).count > 0);
  });

  it("lays a filmstrip out in rows with gaps, left to right", () => {
    const colours: [number, number, number][] = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [10, 20, 30],
      [200, 100, 0],
    ];
    const strip = filmstrip(
      colours.map((c) => solid(4, 3, c)),
      { columns: 2, gap: 1, background: [9, 9, 9] },
    );
    assert.equal(strip.width, 4 * 2 + 1);
    assert.equal(strip.height, 3 * 3 + 2);
    assert.deepEqual(pixel(strip, 0, 0), colours[0]);
    assert.deepEqual(pixel(strip, 5, 2), colours[1]);
    assert.deepEqual(pixel(strip, 4, 0), [9, 9, 9], "gap column");
    assert.deepEqual(pixel(strip, 3, 4), colours[2]);
    assert.deepEqual(pixel(strip, 8, 6), colours[3]);
    assert.deepEqual(pixel(strip, 0, 8), colours[4]);
    assert.deepEqual(pixel(strip, 6, 9), [9, 9, 9], "unused cell");
    // Default: one row.
    assert.equal(filmstrip([solid(4, 3, [0, 0, 0]), solid(4, 3, [0, 0, 0])]).height, 3);
    assert.throws(() => filmstrip([solid(4, 3, [0, 0, 0]), solid(3, 3, [0, 0, 0])]), /must all be 4x3/);
    assert.throws(() => filmstrip([]), /at least one frame/);
  });

  it("picks filmstrip steps evenly from the reset state to the last one", () => {
    assert.deepEqual(evenlySpacedSteps(70, 8), [0, 10, 20, 30, 40, 50, 60, 70]);
    assert.deepEqual(evenlySpacedSteps(3, 8), [0, 1, 2, 3]);
    assert.deepEqual(evenlySpacedSteps(9, 1), [9]);
  });

  it("writes an animated GIF with one image per frame that loops", () => {
    const frames = [solid(6, 5, [255, 0, 0]), solid(6, 5, [0, 255, 0]), solid(6, 5, [0, 0, 255])];
    const info = gifFrames(encodeGif(frames, { delayMs: 40 }));
    assert.equal(info.width, 6);
    assert.equal(info.height, 5);
    assert.deepEqual(info.frames, [
      [6, 5],
      [6, 5],
      [6, 5],
    ]);
    assert.ok(info.loops);
    assert.throws(() => encodeGif([], { delayMs: 40 }), /at least one frame/);
  });

  it("refuses to overwrite a file unless forced, and leaves it untouched", () => {
    const path = join(dir, "exists.png");
    writeFileSync(path, "old");
    assert.throws(() => writeOutputFile(path, new Uint8Array([1, 2, 3])), /already exists; pass --force/);
    assert.equal(readFileSync(path, "utf8"), "old");
    writeOutputFile(path, new Uint8Array([1, 2, 3]), { force: true });
    assert.deepEqual(Array.from(readFileSync(path)), [1, 2, 3]);
  });

  it("`env render` writes a filmstrip and a GIF of a hopper episode, and will not overwrite them", async () => {
    const out = join(dir, "hopper.png");
    const gif = join(dir, "hopper.gif");
    const opts = {
      out,
      gif,
      policy: "random",
      frames: 4,
      size: 32,
      steps: 40,
      seed: 3,
      samples: 1,
      keepGoing: true,
    };
    const lines = await runEnvRender("hopper", opts);
    assert.match(lines.join("\n"), /episode of 40 steps/);
    const strip = decodePng(readFileSync(out));
    assert.equal(strip.width, 4 * 32 + 3 * 2);
    assert.equal(strip.height, 32);
    const anim = gifFrames(readFileSync(gif));
    // Hopper steps take 8 ms: every 5th step makes a 40 ms frame, steps 0, 5, ..., 40.
    assert.equal(anim.frames.length, 9);
    // The same seed renders the same pictures.
    const again = join(dir, "again.png");
    await runEnvRender("hopper", { ...opts, out: again, gif: undefined });
    assert.deepEqual(readFileSync(again), readFileSync(out));

    const before = statSync(out).mtimeMs;
    await assert.rejects(runEnvRender("hopper", opts), /hopper\.png already exists; pass --force/);
    assert.equal(statSync(out).mtimeMs, before);
    await runEnvRender("hopper", { ...opts, force: true });
    await assert.rejects(
      runEnvRender("pendulum", { ...opts, out: join(dir, "p.png"), gif: undefined }),
      /no MuJoCo model/,
    );
    await assert.rejects(
      runEnvRender("hopper", { ...opts, out: join(dir, "x.jpg") }),
      /must be a \.png file/,
    );
    await assert.rejects(runEnvRender("hopper", { ...opts, policy: "expert" }), /Unknown policy "expert"/);
  });

  it("`env render --help` lists the options, and bad numbers are refused", async () => {
    const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    addCommands(
      program,
      COMMANDS.filter((c) => c.name === "env render"),
      {},
    );
    const render = program.commands
      .find((c) => c.name() === "env")
      ?.commands.find((c) => c.name() === "render");
    assert.ok(render);
    const help = render.helpInformation();
    for (const flag of ["--out", "--policy", "--frames", "--size", "--steps", "--seed", "--gif", "--force"])
      assert.ok(help.includes(flag), `help mentions ${flag}`);
    await assert.rejects(
      program.parseAsync(["node", "atradiff", "env", "render", "hopper", "--out", "x.png", "--frames", "0"]),
      /frames/,
    );
    await assert.rejects(
      program.parseAsync([
        "node",
        "atradiff",
        "env",
        "render",
        "hopper",
        "--out",
        "x.png",
        "--lookat",
        "1,2",
      ]),
      /three numbers/,
    );
  });
});
