// `atradiff env <subcommand>`: the environments. `registerEnvCommand` returns the `env` command
// group so other subcommands (e.g. `env render`) can attach to it.
import type { Command } from "commander";

export function registerEnvCommand(program: Command): Command {
  const env = program.command("env").description("list and inspect the environments");
  env
    .command("list")
    .description("every environment id with its observation and action sizes")
    .option("--json", "print one JSON array instead of a table")
    .action(async (opts: { json?: boolean }) => {
      const { describeEnvs } = await import("../envs/describeEnvs.js");
      const rows = await describeEnvs();
      if (opts.json) {
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
    });
  return env;
}
