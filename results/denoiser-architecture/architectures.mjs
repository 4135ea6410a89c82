// Regenerates results/denoiser-architecture/{table.md, fidelity-vs-cpu.svg, .png} from the
// `atradiff bench diffusion --architectures ... --out <file>` results given on the command line
// (kept in results/denoiser-architecture/bench/)
// (issue 19: which denoiser models hopper's dynamics at every window length, at what CPU cost).
//   node results/denoiser-architecture/architectures.mjs [--force] <bench.json> ...
import { readFileSync } from "node:fs";
import { median, resultFiles, writeTableAndChart } from "./resultFiles.mjs";

const { inputs, out } = resultFiles("architectures.mjs", "table.md", "fidelity-vs-cpu");

const benches = inputs.map((f) => JSON.parse(readFileSync(f, "utf8")));
const runs = benches.flatMap((b) => b.runs);
const e = (v) => v.toExponential(2);
const firstAtK5 = new Map(
  runs.filter((r) => r.k === 5).map((r) => [r.architecture, r.curve.at(-1).stateNmseByPosition[0]]),
);
const order = ["synther", "flat-ln", "flat", "conv", "conv-delta", "mixer", "conv-single"];
runs.sort((a, b) => order.indexOf(a.architecture) - order.indexOf(b.architecture) || a.k - b.k);

const c = benches[0].config;
const lines = [
  "# Denoiser architectures: simulator fidelity per window length against training CPU time",
  "",
  `Dataset ${benches[0].dataset} (${benches[0].env}), ${benches[0].trainTransitions} training transitions (the last 10% of episodes held out); ${benches[0].fidelityStarts} held-out start states; ${c.samplerSteps} sampler steps; batch ${c.batch}; ${c.steps} training steps per model, measured every ${c.evalEvery}. Flat residual MLP: dim_t ${c.dimT}, width ${c.width}, ${c.depth} blocks, raised to the window's width (fitDenoiserToWindow). Temporal: width ${c.temporalWidth} per step, ${c.temporalDepth} blocks. ${benches[0].threads} thread; load averages (1/5/15 min) ${benches.map((b) => `${b.loadAverage.start.map((v) => v.toFixed(1)).join("/")} -> ${b.loadAverage.end.map((v) => v.toFixed(1)).join("/")}`).join("; ")}.`,
  "",
  "Whole windows (cut only at a generated terminal step, not by the pruner), replayed in MuJoCo with actions clipped to the action space; NMSE divides by the dataset's per-dimension variance. `first/k5`: position 0's next-state NMSE over the same architecture's at k = 5 (target <= 1.5); `worst/median`: the worst position over the window's median (target <= 2). CPU s: process CPU time of the training steps so far (the temporal length-conditioned diffuser, conv-single, is one model measured at every k: its CPU time is shared).",
  "",
  "| architecture | k | parameters | CPU s | next-state NMSE | reward NMSE | actions clipped | first/k5 | worst/median | next-state NMSE by position |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
];
for (const r of runs) {
  const p = r.curve.at(-1);
  const pos = p.stateNmseByPosition;
  const first = firstAtK5.get(r.architecture);
  lines.push(
    `| ${r.architecture} | ${r.k} | ${r.parameters} | ${p.cpuSeconds.toFixed(0)} | ${e(p.stateNmse)} | ${e(p.rewardNmse)} | ${(100 * p.clippedActionShare).toFixed(1)}% | ${first && r.architecture !== "synther" ? (pos[0] / first).toFixed(2) : "-"} | ${r.architecture === "synther" ? "-" : (Math.max(...pos) / median(pos)).toFixed(2)} | ${pos.map((v) => v.toExponential(1)).join(" ")} |`,
  );
}
lines.push(
  "",
  `Real held-out transitions on the same harness: next state ${e(benches[0].real.stateNmse)}, reward ${e(benches[0].real.rewardNmse)}.`,
  "",
  "## Along the training (next-state NMSE after each measured step count)",
  "",
  "| architecture | k | " + runs[runs.length - 1].curve.map((p) => `${p.step} steps`).join(" | ") + " |",
  "|---|---:|" + runs[runs.length - 1].curve.map(() => "---:").join("|") + "|",
);
for (const r of runs)
  if (r.architecture !== "synther")
    lines.push(
      `| ${r.architecture} | ${r.k} | ${r.curve.map((p) => `${e(p.stateNmse)} (${p.cpuSeconds.toFixed(0)} s)`).join(" | ")} |`,
    );
lines.push("", "![next-state NMSE against training CPU-seconds](fidelity-vs-cpu.png)", "");

const values = runs.flatMap((r) =>
  r.curve.map((p) => ({
    k: `k = ${r.architecture === "synther" ? "1 (SynthER)" : r.k}`,
    architecture: r.architecture,
    cpuSeconds: p.cpuSeconds,
    stateNmse: p.stateNmse,
  })),
);
const spec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values },
  width: 420,
  height: 300,
  mark: { type: "line", point: true },
  encoding: {
    x: { field: "cpuSeconds", type: "quantitative", title: "training CPU-seconds (1 thread)" },
    y: { field: "stateNmse", type: "quantitative", scale: { type: "log" }, title: "next-state NMSE (simulator replay)" },
    color: { field: "architecture", type: "nominal" },
    shape: { field: "k", type: "nominal" },
    detail: { field: "k" },
  },
  config: { background: "white", font: "sans-serif", legend: { labelLimit: 0 } },
};
await writeTableAndChart(out, lines, spec);
