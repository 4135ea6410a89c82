// `atradiff report` on hand-made runs: the median / 25-75% band over seeds, the score table's
// steps, the written HTML and SVG (with every series), and the refusal to overwrite without --force.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { groupSeries, methodCurve, valueAtStep } from "../../src/experiments/report/learningCurves.js";
import { quantile } from "../../src/experiments/report/quantiles.js";
import { readRun } from "../../src/experiments/report/runSeries.js";
import { formatBand, formatCpu, scoreTable } from "../../src/experiments/report/scoreTable.js";
import { writeReport } from "../../src/experiments/report/writeReport.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(ROOT, "bin", "atradiff.js");
const base = mkdtempSync(join(tmpdir(), "atradiff-report-"));
after(() => rmSync(base, { recursive: true, force: true }));

/** A run directory whose seed s evaluates to returns(s, step) every 5k steps up to `steps`. */
function writeRun(
  name: string,
  config: Record<string, unknown>,
  seeds: number[],
  steps: number,
  value: (seed: number, step: number) => number,
  withScore = false,
  cpu?: (seed: number, step: number) => Record<string, number>,
): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify({ ...config, seeds }));
  for (const seed of seeds) {
    mkdirSync(join(dir, `seed-${seed}`), { recursive: true });
    const lines: string[] = [];
    for (let step = 1000; step <= steps; step += 1000) {
      const r: Record<string, unknown> = { step, wallSeconds: step / 100, stepsPerSecond: 100 };
      Object.assign(r, cpu?.(seed, step));
      if (step % 5000 === 0) {
        r.evalReturnMean = value(seed, step);
        if (withScore) r.evalScore = value(seed, step) / 10;
      }
      lines.push(JSON.stringify(r));
    }
    writeFileSync(join(dir, `seed-${seed}`, "metrics.jsonl"), `${lines.join("\n")}\n`);
  }
  return dir;
}

describe("report statistics", () => {
  it("quantiles interpolate linearly between ranks (numpy's default)", () => {
    assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
    assert.equal(quantile([10, 20], 0.75), 17.5);
    assert.equal(quantile([7], 0.25), 7);
    assert.throws(() => quantile([], 0.5), /at least one value/);
  });

  it("curves hold the median and 25-75% band over seeds at every evaluation step", () => {
    // seed s returns (s + 1) * step / 1000: at 10k the seeds give 10, 20, 30, 40, 50.
    const dir = writeRun(
      "curve",
      { env: "hopper", agent: "sac", augment: "atradiff" },
      [0, 1, 2, 3, 4],
      20_000,
      (s, t) => ((s + 1) * t) / 1000,
    );
    const groups = groupSeries(readRun(dir));
    assert.equal(groups.length, 1);
    const c = methodCurve(groups[0]);
    assert.equal(c.method, "sac + atradiff");
    assert.equal(c.metric, "return");
    assert.deepEqual(
      c.points.map((p) => p.step),
      [5000, 10_000, 15_000, 20_000],
    );
    const at10k = c.points[1];
    assert.deepEqual([at10k.q25, at10k.median, at10k.q75, at10k.count], [20, 30, 40, 5]);
    assert.equal(c.wallSeconds.median, 200);
  });

  it("a seed counts at a table step only if it trained that far", () => {
    const dir = writeRun("short", { env: "hopper", agent: "sac" }, [0], 12_000, () => 1);
    const [s] = readRun(dir);
    assert.equal(valueAtStep(s, 12_000, "return"), 1); // last eval at 10k
    assert.equal(valueAtStep(s, 25_000, "return"), null);
    // In the table, a band over fewer seeds than the method has says so.
    const far = writeRun("far", { env: "hopper", agent: "sac" }, [1, 2], 30_000, (seed) => seed);
    const groups = groupSeries([...readRun(dir), ...readRun(far)]);
    const [row] = scoreTable(groups, groups.map(methodCurve), [10_000, 25_000]).rows;
    assert.deepEqual(
      row.atSteps.map((b) => formatBand(b, row.seeds)),
      ["1.0 [1.0, 1.5]", "1.5 [1.3, 1.8] (2 of 3 seeds)"],
    );
  });

  it("CPU time per seed: the median over seeds that count it, a partial count scaled to the whole run", () => {
    // Seed 0 counts 0.01 s per step from the start; seed 1 only from step 10k on, at 0.03 s per step
    // (so 300 s over its 10k counted steps, scaled to 600 s for its 20k); seed 2 does not count.
    const cpu = (seed: number, step: number): Record<string, number> =>
      seed === 0
        ? { cpuSeconds: step * 0.01 }
        : seed === 1 && step > 10_000
          ? { cpuSeconds: (step - 10_000) * 0.03, cpuFromStep: 10_000 }
          : {};
    const dir = writeRun("cpu", { env: "hopper", agent: "sac" }, [0, 1, 2], 20_000, () => 1, false, cpu);
    const seeds = readRun(dir);
    assert.deepEqual(
      seeds.map((s) => [s.cpuSeconds, s.cpuExtrapolated]),
      [
        [200, false],
        [600, true],
        [null, false],
      ],
    );
    const groups = groupSeries(seeds);
    const [row] = scoreTable(
      groups,
      groups.map((g) => methodCurve(g)),
    ).rows;
    assert.equal(row.cpuSecondsMedian, 400);
    assert.equal(row.cpuExtrapolatedSeeds, 1);
    assert.equal(formatCpu(row), "~6.7 min");
    assert.equal(formatCpu({ cpuSecondsMedian: null, cpuExtrapolatedSeeds: 0 }), "-");
    assert.equal(formatCpu({ cpuSecondsMedian: 5400, cpuExtrapolatedSeeds: 0 }), "90.0 min");
  });

  it("the same seed of one method in two runs is refused", () => {
    const a = writeRun("twinA", { env: "hopper", agent: "redq" }, [0], 5000, () => 1);
    const b = writeRun("twinB", { env: "hopper", agent: "redq" }, [0], 5000, () => 1);
    assert.throws(
      () => groupSeries([...readRun(a), ...readRun(b)]),
      /Seed 0 of redq on hopper appears in both/,
    );
    // A labelled variant is a method of its own.
    const c = writeRun("twinC", { env: "hopper", agent: "redq", label: "redq (k<=15)" }, [0], 5000, () => 1);
    const groups = groupSeries([...readRun(a), ...readRun(c)]);
    assert.deepEqual(
      groups.map((g) => g[0].method),
      ["redq", "redq (k<=15)"],
    );
  });
});

describe("report files", () => {
  it("writes report.html, curves.svg, curves.png, scores.md, scores.json and metrics.csv with every series, and uses D4RL scores when logged", async () => {
    const a = writeRun(
      "sacA",
      { env: "hopper", agent: "sac", augment: "none" },
      [0, 1, 2],
      50_000,
      (s, t) => s + t / 1000,
      true,
    );
    const b = writeRun(
      "sacB",
      { env: "hopper", agent: "sac", augment: "atradiff" },
      [0, 1, 2],
      50_000,
      (s, t) => 2 * s + t / 500,
      true,
    );
    const out = join(base, "out");
    const r = await writeReport({ runDirs: [a, b], outDir: out, createdAt: "test" });
    assert.deepEqual(r.table.steps, [25_000, 50_000]);
    const row = r.table.rows.find((x) => x.method === "sac + atradiff");
    assert.ok(row);
    assert.equal(row.metric, "score");
    // At 50k the seeds score (2s + 100) / 10 = 10, 10.2, 10.4.
    assert.ok(row.atSteps[1]);
    assert.ok(Math.abs(row.atSteps[1].median - 10.2) < 1e-9);
    assert.ok(Math.abs(row.atSteps[1].q25 - 10.1) < 1e-9);
    const html = readFileSync(join(out, "report.html"), "utf8");
    const svg = readFileSync(join(out, "curves.svg"), "utf8");
    assert.match(svg, /^<svg|^<\?xml/);
    for (const text of [html, svg]) {
      assert.ok(text.includes("sac + atradiff"), "the atradiff series is named");
      assert.ok(text.includes("sac"), "the sac series is named");
      assert.ok(text.includes("hopper (D4RL-normalized score)"), "the panel is titled");
    }
    assert.ok(html.includes("<svg"), "the chart is embedded");
    assert.ok(html.includes("10.2 [10.1, 10.3]"), "the table shows median [25%, 75%]");
    assert.ok(html.includes("<th>CPU / seed</th>"), "the table has the CPU column");
    assert.equal(readFileSync(join(out, "curves.png")).subarray(1, 4).toString(), "PNG");

    // The same table in Markdown and, unrounded, in JSON.
    const md = readFileSync(join(out, "scores.md"), "utf8").split("\n");
    const header = md.findIndex((l) => l.startsWith("| env | method |"));
    assert.equal(
      md[header],
      "| env | method | y | seeds | at 25k | at 50k | last eval | steps | wall-clock / seed | wall-clock, all seeds | CPU / seed |",
    );
    assert.match(md[header + 1], /^\| --- \|( --- \|){10}$/);
    const mdRow = md.find((l) => l.startsWith("| hopper | sac + atradiff |"));
    assert.ok(mdRow?.includes("| D4RL score | 3 | "), mdRow);
    assert.ok(mdRow?.includes("| 10.2 [10.1, 10.3] |"), mdRow);
    assert.equal(md.filter((l) => l.startsWith("| hopper |")).length, 2);
    const json = JSON.parse(readFileSync(join(out, "scores.json"), "utf8"));
    assert.deepEqual(json.steps, [25_000, 50_000]);
    assert.deepEqual(json.runDirs, [a, b]);
    assert.equal(json.createdAt, "test");
    const jsonRow = json.rows.find((x: { method: string }) => x.method === "sac + atradiff");
    assert.deepEqual(jsonRow.atSteps[1], row.atSteps[1]);

    // Every metrics line of every seed, one CSV row each, nested records as dotted columns.
    const csv = readFileSync(join(out, "metrics.csv"), "utf8").trimEnd().split("\n");
    const columns = csv[0].split(",");
    assert.deepEqual(columns.slice(0, 3), ["run", "seed", "step"]);
    assert.equal(csv.length - 1, 2 * 3 * 50, "two runs x three seeds x 50 lines");
    const scoreAt = columns.indexOf("evalScore");
    const seed2At50k = csv.find((l) => l.startsWith("sacB,2,50000,"))?.split(",");
    assert.ok(seed2At50k && scoreAt > 0, csv[0]);
    assert.equal(Number(seed2At50k[scoreAt]), 10.4);
  });

  it("the command refuses to overwrite a report without --force, and exits 1 on a missing run", () => {
    const dir = writeRun("cli", { env: "walker2d", agent: "sac" }, [0, 1], 10_000, (s, t) => s * t);
    const run = (args: string[]) =>
      spawnSync(process.execPath, [CLI, "report", ...args], { cwd: ROOT, encoding: "utf8" });
    const first = run([dir]);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(existsSync(join(dir, "report.html")));
    const again = run([dir]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /report\.html already exists; pass --force to overwrite it\./);
    assert.equal(run([dir, "--force"]).status, 0);
    const missing = run([join(base, "nosuch")]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /The run directory .*nosuch does not exist\./);
  });
});

describe("the learning-curve chart labels env steps as whole numbers", () => {
  it("a run with a single evaluation at 3,000 steps gets the tick 3k, not 3,000.000000", async () => {
    const { curvesSvg } = await import("../../src/experiments/report/curvesChart.js");
    const svg = await curvesSvg([
      {
        env: "pendulum",
        method: "sac",
        metric: "return",
        seeds: [0, 1],
        runs: ["p"],
        points: [{ step: 3000, median: -1200, q25: -1300, q75: -1100, count: 2 }],
        lastStep: 3000,
        wallSeconds: { median: 4, q25: 4, q75: 4, count: 2 },
      },
    ]);
    const ticks = [...svg.matchAll(/>([^<>]*)<\/text>/g)].map((m) => m[1]);
    assert.ok(ticks.includes("3k"), `ticks: ${ticks.join(" | ")}`);
    assert.ok(
      !ticks.some((t) => /^[\d,]+\.\d+$/.test(t) && t.includes(",")),
      `fractional step tick in ${ticks.join(" | ")}`,
    );
  });
});
