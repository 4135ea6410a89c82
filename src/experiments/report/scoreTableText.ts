// The score table as text, the same columns in every output: report.html's table, scores.md (a
// Markdown table to paste into a README or a paper) and the notes that say how to read it.
import { formatBand, formatCpu, formatSeconds, formatSteps, type ScoreTable } from "./scoreTable.js";

/** How to read the table's cells. */
export const SCORE_TABLE_NOTE = `Median [25%, 75%] over seeds. "at N": each seed's last evaluation at or before N env steps,
over the seeds that trained that far. Wall-clock: training time per seed (median), and summed over seeds.
CPU: CPU time of each seed's process, all its threads (median over seeds); unlike wall-clock time, a busy
machine does not inflate it. "~": some seeds began before CPU time was counted, and their count is
scaled from the steps it covers to the whole run.`;

export function scoreTableCells(table: ScoreTable): { head: string[]; rows: string[][] } {
  const head = [
    "env",
    "method",
    "y",
    "seeds",
    ...table.steps.map((t) => `at ${formatSteps(t)}`),
    "last eval",
    "steps",
    "wall-clock / seed",
    "wall-clock, all seeds",
    "CPU / seed",
  ];
  const rows = table.rows.map((r) => [
    r.env,
    r.method,
    r.metric === "score" ? "D4RL score" : "return",
    String(r.seeds),
    ...r.atSteps.map((b) => formatBand(b, r.seeds)),
    formatBand(r.final, r.seeds),
    formatSteps(r.lastStep),
    formatSeconds(r.wallSecondsMedian),
    formatSeconds(r.wallSecondsTotal),
    formatCpu(r),
  ]);
  return { head, rows };
}

/** scores.md: the table in Markdown, with the note and where the runs are. */
export function scoresMarkdown(table: ScoreTable, runDirs: readonly string[], createdAt: string): string {
  const { head, rows } = scoreTableCells(table);
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [
    "# Scores",
    "",
    SCORE_TABLE_NOTE,
    "",
    `Created ${createdAt} from ${runDirs.join(", ")}.`,
    "",
    line(head),
    line(head.map(() => "---")),
    ...rows.map(line),
    "",
  ].join("\n");
}
