// An empty or blank flag value ("--steps ''", "--out ' '") is refused before any command runs:
// left to each command, some read it as "not given" and silently used the default.
import type { Command } from "commander";

/** Throws one sentence naming the first option or argument of `command` that was given empty. */
export function refuseEmptyValues(command: Command): void {
  const opts = command.opts() as Record<string, unknown>;
  for (const option of command.options) {
    const value = opts[option.attributeName()];
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === "string" && v.trim() === ""))
      throw new Error(`${option.long ?? option.flags} is empty; give it a value (see --help).`);
  }
  const args = command.processedArgs as unknown[];
  for (const [i, arg] of args.entries()) {
    const values = Array.isArray(arg) ? arg : [arg];
    if (values.some((v) => typeof v === "string" && v.trim() === ""))
      throw new Error(
        `The argument <${command.registeredArguments[i]?.name() ?? i + 1}> of \`atradiff ${command.name()}\` is empty; give it a value (see --help).`,
      );
  }
}
