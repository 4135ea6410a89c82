// The browser entry in real headless Chromium: page.ts (which imports atradiff/browser only) is
// bundled with esbuild for the browser, served with the engine's kernels, MuJoCo's wasm and a tiny
// generator trained here, and run by Playwright in the system's Chromium. The page must compute
// exactly what Node computes with the same code (browserChecks.ts): the hopper's states and
// rewards, a rendered frame, and trajectories sampled with the same seed, bit for bit.
// Playwright's own browsers are never downloaded: ATRADIFF_CHROMIUM or Debian's chromium
// (`apt-get install -y chromium`) is used, and without either the test skips saying so.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { isGeneratorFile, loadGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { writeTinyPendulumGenerator } from "../experiments/tinyGenerator.js";
import { tempDirMaker } from "../tempDirs.js";
import {
  type CheckInput,
  type CheckOutput,
  hopperFrame,
  hopperRollout,
  pendulumStarts,
  sampleTrajectories,
} from "./browserChecks.js";

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function findChromium(): string | null {
  const given = process.env.ATRADIFF_CHROMIUM;
  if (given) return given;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

const chromiumPath = findChromium();
const skip = chromiumPath
  ? false
  : "no Chromium found (set ATRADIFF_CHROMIUM or run `apt-get install -y chromium`), so the browser bundle was not run";

const INPUT: Omit<CheckInput, "generatorFiles"> = {
  steps: 40,
  frameSize: 48,
  startSeeds: [0, 1, 2, 3],
  sampleSeed: 11,
};

const distRoot = fileURLToPath(new URL("../../", import.meta.url)); // dist/
const tempDir = tempDirMaker("browser");

describe("the browser bundle in headless Chromium", { skip }, () => {
  let generatorDir = "";
  let generatorFiles: string[] = [];
  let server: Server;
  let baseUrl = "";

  before(async () => {
    await initEngine({ backend: "wasm", threads: 1 });
    const dir = tempDir();
    generatorDir = join(dir, "generator");
    await writeTinyPendulumGenerator(join(dir, "pendulum.hdf5"), generatorDir);
    generatorFiles = readdirSync(generatorDir).filter(isGeneratorFile);
    const bundle = await build({
      entryPoints: [join(distRoot, "test/browser/page.js")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      // @mujoco/mujoco's Emscripten loader imports Node's "module" only when it runs in Node.
      external: ["module"],
      logLevel: "silent",
    });
    const routes = new Map<string, { type: string; body: () => Uint8Array | string }>([
      [
        "/",
        { type: "text/html", body: () => '<!doctype html><script type="module" src="/bundle.js"></script>' },
      ],
      ["/bundle.js", { type: "text/javascript", body: () => bundle.outputFiles[0].contents }],
      [
        "/mujoco.wasm",
        {
          type: "application/wasm",
          body: () => readFileSync(fileURLToPath(import.meta.resolve("@mujoco/mujoco/mujoco.wasm"))),
        },
      ],
    ]);
    for (const name of readdirSync(join(distRoot, "wasm")))
      routes.set(`/wasm/${name}`, {
        type: "application/wasm",
        body: () => readFileSync(join(distRoot, "wasm", name)),
      });
    for (const name of generatorFiles)
      routes.set(`/generator/${name}`, {
        type: "application/octet-stream",
        body: () => readFileSync(join(generatorDir, name)),
      });
    server = createServer((req, res) => {
      const route = routes.get(req.url ?? "");
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": route.type }).end(route.body());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async () => {
    server?.close();
    await closeEngine();
  });

  it("steps the hopper, renders a frame and samples the generator exactly as Node does", async () => {
    const input: CheckInput = { ...INPUT, generatorFiles };
    const browser = await chromium.launch({ executablePath: chromiumPath as string, args: ["--no-sandbox"] });
    let inPage: CheckOutput;
    const pageErrors: string[] = [];
    try {
      const page = await browser.newPage();
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(baseUrl);
      await page.waitForFunction(() => "runBrowserChecks" in globalThis);
      inPage = await page.evaluate(
        (i) =>
          (
            globalThis as unknown as { runBrowserChecks(i: CheckInput): Promise<CheckOutput> }
          ).runBrowserChecks(i),
        input,
      );
    } finally {
      await browser.close();
    }
    assert.deepEqual(pageErrors, []);

    const generator = loadGenerator(generatorDir);
    let inNode: Omit<CheckOutput, "engine">;
    try {
      inNode = {
        hopper: await hopperRollout(input.steps),
        frame: await hopperFrame(input.steps, input.frameSize),
        trajectories: sampleTrajectories(generator, await pendulumStarts(input.startSeeds), input.sampleSeed),
      };
    } finally {
      generator.dispose();
    }
    const nodeEngine = (await initEngine()).relaxedSimd;
    assert.deepEqual(inPage.engine, { backend: "wasm", relaxedSimd: nodeEngine, threads: 1 });
    assert.equal(inPage.hopper.rewards.length, input.steps);
    assert.deepEqual(inPage.hopper, inNode.hopper);
    assert.ok(
      inPage.frame.pixels.some((v) => v !== inPage.frame.pixels[0]),
      "the frame shows something",
    );
    assert.deepEqual(inPage.frame, inNode.frame);
    assert.equal(inPage.trajectories.length, input.startSeeds.length);
    assert.ok(
      inPage.trajectories.some((t) => t.reward.length > 0),
      "some trajectory has steps",
    );
    assert.deepEqual(inPage.trajectories, inNode.trajectories);
  });
});
