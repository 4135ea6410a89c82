// The report's generator-fidelity panel, beside the learning curves: for each generator the runs
// drew from, how physical its trajectories are when replayed in the simulator (pipeline stage
// generatorFidelityStage.ts; atradiff/fidelity/generatorFidelity.ts): a small table (next-state and
// reward NMSE of the steps a run stores and of every generated step, actions clipped, the share the
// plausibility gate kept) and the next-state and reward NMSE per position in the trajectory (line
// plot, vega-lite rendered to SVG like the curves).
import type { TopLevelSpec } from "vega-lite";
import type { GeneratorFidelity } from "../../atradiff/fidelity/generatorFidelity.js";
import { specSvg } from "./curvesChart.js";
import { escapeHtml } from "./reportHtml.js";

export interface FidelityEntry {
  /** The generator's name in the report. */
  label: string;
  fidelity: GeneratorFidelity;
}

/** A number for the table: 3 significant digits, "-" for none (NaN, or null read back from JSON). */
function nmse(x: number | null): string {
  return x === null || !Number.isFinite(x) ? "-" : x.toPrecision(3);
}

function pct(x: number | null): string {
  return x === null || !Number.isFinite(x) ? "-" : `${(100 * x).toFixed(1)}%`;
}

export const FIDELITY_TABLE_HEAD = [
  "generator",
  "env",
  "window lengths",
  "starts",
  "next-state NMSE",
  "reward NMSE",
  "next-state NMSE, before the gate",
  "reward NMSE, before the gate",
  "actions clipped",
  "kept by the gate",
  "mean length",
];

export function fidelityTableRows(entries: readonly FidelityEntry[]): string[][] {
  return entries.map(({ label, fidelity: f }) => [
    label,
    f.env,
    f.windowLengths.join(", "),
    String(f.starts),
    nmse(f.kept.stateNmse),
    nmse(f.kept.rewardNmse),
    f.gated ? nmse(f.generated.stateNmse) : "(no gate)",
    f.gated ? nmse(f.generated.rewardNmse) : "(no gate)",
    pct(f.clippedActionShare),
    f.gated ? pct(f.gateKeptShare) : "(no gate)",
    f.meanLength.toFixed(2),
  ]);
}

/** One line per generator for the terminal. */
export function fidelityLine({ label, fidelity: f }: FidelityEntry): string {
  const before = f.gated
    ? ` (before the gate ${nmse(f.generated.stateNmse)} and ${nmse(f.generated.rewardNmse)})`
    : "";
  const gate = f.gated ? `the gate kept ${pct(f.gateKeptShare)} of the steps` : "no plausibility gate";
  return `Generator fidelity (${label}, ${f.env}, ${f.starts} starts): next-state NMSE ${nmse(f.kept.stateNmse)}, reward NMSE ${nmse(f.kept.rewardNmse)}${before}; ${pct(f.clippedActionShare)} of the actions clipped; ${gate}.`;
}

export function fidelitySpec(entries: readonly FidelityEntry[]): TopLevelSpec {
  const values = entries.flatMap(({ label, fidelity: f }) => {
    const sets = f.gated
      ? [
          { name: `${label}, kept by the gate`, n: f.kept },
          { name: `${label}, all generated`, n: f.generated },
        ]
      : [{ name: label, n: f.kept }];
    return sets.flatMap(({ name, n }) =>
      n.perPosition.count.flatMap((count, j) => [
        {
          quantity: "next-state NMSE",
          series: name,
          position: j + 1,
          nmse: n.perPosition.stateNmse[j],
          count,
        },
        { quantity: "reward NMSE", series: name, position: j + 1, nmse: n.perPosition.rewardNmse[j], count },
      ]),
    );
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values },
    facet: { field: "quantity", type: "nominal", title: null },
    columns: 2,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 320,
      height: 200,
      mark: { type: "line", point: { size: 16 } },
      encoding: {
        x: {
          field: "position",
          type: "quantitative",
          title: "step in the trajectory (1 starts at the real state)",
          axis: { tickMinStep: 1, format: "d" },
        },
        y: { field: "nmse", type: "quantitative", title: "NMSE in the simulator" },
        color: { field: "series", type: "nominal", title: "generator" },
        tooltip: [
          { field: "series" },
          { field: "position" },
          { field: "nmse", format: ".4f" },
          { field: "count", title: "transitions" },
        ],
      },
    },
    config: { background: "white", font: "sans-serif", legend: { labelLimit: 0 } },
  };
}

export function fidelitySvg(entries: readonly FidelityEntry[]): Promise<string> {
  return specSvg(fidelitySpec(entries));
}

export const FIDELITY_NOTE =
  "Trajectories generated from start states drawn from the generator's dataset (the length estimator choosing each window, as in a run, actions clipped to the action space), each step replayed in the MuJoCo simulator from its generated state and action. NMSE: the squared error of the simulated next state (and reward) against the generated one, per dimension divided by the dataset's variance: 0 is physical, 1 is as far off as the dataset's mean. The first columns are the steps a run stores (after the plausibility gate); 'before the gate' counts every generated step.";

/** The panel's HTML: a heading, the note, the table and the plot (svg without its XML prolog). */
export function fidelityHtml(entries: readonly FidelityEntry[], svg: string): string {
  const rows = fidelityTableRows(entries)
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<h2>Generator fidelity in the simulator</h2>
<p class="note">${escapeHtml(FIDELITY_NOTE)}</p>
<table>
<thead><tr>${FIDELITY_TABLE_HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${svg.replace(/^<\?xml[^>]*>\s*/, "")}
`;
}
