// Regenerates results/denoiser-architecture/{next-states.md, next-states-vs-cpu.svg, .png} from
// `atradiff bench diffusion --architectures conv-single --one-step-model-steps <n> ... --out <file>`
// results, one per env (kept in results/denoiser-architecture/bench/next-states-<env>.json), and,
// for the diffused curve's longer course, any further bench results of the same env given after them
// (issue 19: next states as diffused, or re-drawn by the one-step models, against CPU time, per env).
//   node results/denoiser-architecture/next-states.mjs [--force] <bench.json> ...
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { median, resultFiles, writeTableAndChart } from "./resultFiles.mjs";

const { inputs, out } = resultFiles("next-states.mjs", "next-states.md", "next-states-vs-cpu");

const benches = inputs.map((f) => {
  const b = JSON.parse(readFileSync(f, "utf8"));
  return { ...b, name: basename(b.dataset).replace(/\.[^.]*$/, "") };
});
const redrawn = benches.filter((b) => b.oneStepModel);
if (redrawn.length === 0) {
  console.error("None of the results re-drew next states (bench --one-step-model-steps).");
  process.exit(1);
}
const TARGETS = { hopper: [0.03, 0.01], walker2d: [0.06, 0.02], halfcheetah: [0.03, 0.01] };
const SOURCES = ["diffused", "modelRollout", "modelStep"];
const e = (v) => v.toExponential(2);
const pointOf = (p, source) => (source === "diffused" ? p : p[source]);

const lines = [
  "# Next states as diffused or re-drawn by the one-step models, per env, against CPU time",
  "",
  "One length-conditioned temporal conv diffuser (conv-single) per env, measured at every k; its windows replayed in MuJoCo (256 held-out starts, actions clipped) as diffused (the paper), with next states and rewards stepped from the real start state by the plausibility gate's one-step models (`generator.nextStates: \"modelRollout\"`, the default), and from each diffused state (`\"modelStep\"`). CPU s: the diffuser's training so far, plus the one-step models' training for the re-drawn rows. `first/k5`: position 0 over k = 5's (target <= 1.5); `worst/median`: worst position over the window's median (target <= 2).",
  "",
];
for (const b of redrawn) {
  const c = b.config;
  const [stateTarget, rewardTarget] = TARGETS[b.env] ?? [Number.NaN, Number.NaN];
  const m = b.oneStepModel;
  lines.push(
    `## ${b.name}`,
    "",
    `Dataset ${b.dataset}, ${b.trainTransitions} training transitions; conv-single width ${c.temporalWidth} x ${c.temporalDepth} blocks, first state ${c.startState}, ${c.steps} steps, ${c.samplerSteps} sampler steps; one-step models ${m.hiddenSizes ? `${m.members} x [${m.hiddenSizes.join(", ")}], ` : ""}${m.steps} steps (${m.cpuSeconds.toFixed(0)} CPU s, held-out error ${e(m.heldOutMeanError)}); ${b.threads} thread; load average ${b.loadAverage.start.map((v) => v.toFixed(1)).join("/")} -> ${b.loadAverage.end.map((v) => v.toFixed(1)).join("/")}. Targets: next state <= ${stateTarget}, reward <= ${rewardTarget}. Real held-out transitions: next state ${e(b.real.stateNmse)}.`,
    "",
    "| next states | k | CPU s | next-state NMSE | reward NMSE | first/k5 | worst/median | next-state NMSE by position |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const source of SOURCES) {
    const k5 = b.runs.find((r) => r.k === 5);
    const first5 = k5 ? pointOf(k5.curve.at(-1), source).stateNmseByPosition[0] : undefined;
    for (const r of b.runs) {
      const last = r.curve.at(-1);
      const p = pointOf(last, source);
      const pos = p.stateNmseByPosition;
      const cpu = last.cpuSeconds + (source === "diffused" ? 0 : m.cpuSeconds);
      const mark = (v, t) => (v <= t ? `**${e(v)}**` : e(v));
      lines.push(
        `| ${source} | ${r.k} | ${cpu.toFixed(0)} | ${mark(p.stateNmse, stateTarget)} | ${mark(p.rewardNmse, rewardTarget)} | ${first5 ? (pos[0] / first5).toFixed(2) : "-"} | ${(Math.max(...pos) / median(pos)).toFixed(2)} | ${pos.map((v) => v.toExponential(1)).join(" ")} |`,
      );
      // What the generator delivers: the re-drawn steps before the first one the models disagree on.
      if (p.kept) {
        const kPos = p.kept.stateNmseByPosition.filter((v) => Number.isFinite(v));
        lines.push(
          `| ${source}, kept (${(100 * p.keptShare).toFixed(0)}%) | ${r.k} | ${cpu.toFixed(0)} | ${mark(p.kept.stateNmse, stateTarget)} | ${mark(p.kept.rewardNmse, rewardTarget)} | - | ${(Math.max(...kPos) / median(kPos)).toFixed(2)} | ${p.kept.stateNmseByPosition.map((v) => v.toExponential(1)).join(" ")} |`,
        );
      }
    }
  }
  lines.push("", "Bold: within the target.", "");
}
lines.push("![next-state NMSE against CPU-seconds, per env](next-states-vs-cpu.png)", "");

// Plot: per env, next-state NMSE at the smallest and the largest k against CPU-seconds, per source;
// longer diffused-only runs on the same dataset (bench results without one-step models) extend the
// diffused curve.
const values = [];
for (const b of benches) {
  const ks = b.runs.map((r) => r.k);
  const shown = [Math.min(...ks), Math.max(...ks)];
  for (const r of b.runs) {
    if (!shown.includes(r.k)) continue;
    for (const p of r.curve)
      for (const source of b.oneStepModel ? SOURCES : ["diffused"]) {
        const q = pointOf(p, source);
        values.push({
          dataset: b.name,
          series: `${source}${b.oneStepModel ? "" : ` (${r.curve.at(-1).step}-step run)`}, k = ${r.k}`,
          source,
          cpuSeconds: p.cpuSeconds + (source === "diffused" ? 0 : b.oneStepModel.cpuSeconds),
          stateNmse: q.stateNmse,
        });
      }
  }
}
const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values },
  facet: { column: { field: "dataset", type: "nominal", title: null } },
  spec: {
    width: 260,
    height: 240,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "cpuSeconds", type: "quantitative", title: "training CPU-seconds (1 thread)" },
      y: {
        field: "stateNmse",
        type: "quantitative",
        scale: { type: "log" },
        title: "next-state NMSE (simulator replay)",
      },
      color: { field: "source", type: "nominal", title: "next states" },
      detail: { field: "series" },
      strokeDash: { field: "series", type: "nominal", legend: null },
    },
  },
  resolve: { scale: { y: "shared" } },
  config: { background: "white", font: "sans-serif", legend: { labelLimit: 0 } },
};
await writeTableAndChart(out, lines, spec);
