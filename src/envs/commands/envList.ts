// `atradiff env list`: every environment id with its observation and action sizes, as a table or JSON.
import { describeEnvs } from "../describeEnvs.js";

export async function listEnvs(options: { json?: boolean }): Promise<void> {
  const rows = await describeEnvs();
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const header = ["id", "obs", "action", "steps", "description"];
  const table = rows.map((r) => [
    r.id,
    String(r.observationSize),
    String(r.actionSize),
    String(r.maxEpisodeSteps),
    r.description,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  for (const row of [header, ...table])
    console.log(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "));
}
