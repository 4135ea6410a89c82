// report.html: one self-contained page (no scripts, no external files) with the learning curves
// as inline SVG, the generators' simulator fidelity when given (fidelityPanel.ts) and the
// final-score table.
import type { MethodCurve } from "./learningCurves.js";
import type { ScoreTable } from "./scoreTable.js";
import { SCORE_TABLE_NOTE, scoreTableCells } from "./scoreTableText.js";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The SVG without its XML prolog, ready to sit inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, "");
}

export function reportHtml(o: {
  runDirs: readonly string[];
  curves: readonly MethodCurve[];
  table: ScoreTable;
  svg: string;
  createdAt: string;
  /** The generator-fidelity panel (fidelityPanel.ts), shown below the curves. */
  fidelityHtml?: string;
}): string {
  const { table } = o;
  const { head, rows: cells } = scoreTableCells(table);
  const rows = cells.map((r) => r.map((c) => `<td>${escapeHtml(c)}</td>`).join(""));
  const runList = o.curves
    .map(
      (c) =>
        `<li>${escapeHtml(c.method)} on ${escapeHtml(c.env)}: seeds ${c.seeds.join(", ")} from ${escapeHtml(c.runs.join(", "))}</li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>atradiff report: ${escapeHtml(o.runDirs.join(", "))}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:nth-child(-n+3), td:nth-child(-n+3) { text-align: left; }
.note { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>Learning curves</h1>
<p class="note">Median over seeds (line) and 25-75% band (shaded) of the evaluation at each logged step; y is the
D4RL-normalized score where the env has reference returns, else the mean evaluation return.
Created ${escapeHtml(o.createdAt)} from ${escapeHtml(o.runDirs.join(", "))}.</p>
${inlineSvg(o.svg)}
${o.fidelityHtml ?? ""}<h2>Scores</h2>
<p class="note">${escapeHtml(SCORE_TABLE_NOTE)}</p>
<table>
<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r}</tr>`).join("\n")}
</tbody>
</table>
<h2>Runs</h2>
<ul>
${runList}
</ul>
</body>
</html>
`;
}
