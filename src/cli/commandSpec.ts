// How a command is declared: one table row (commands.ts) with its name, arguments, flags and the
// one action it calls in a layer below. `buildProgram` turns the rows into commander commands:
// help that marks required flags and shows defaults, every value read once by its declared type,
// and one sentence for a missing required flag, an unknown flag or a bad value.
import type { Command, CommanderError } from "commander";
import { integerOption, intList } from "./intOptions.js";

/**
 * How a flag's text is read: "text" as given, "int" an integer (intOptions.ts: "1e6" reads as
 * 1000000), "ints" a comma-separated list of them, "number" a finite number, "switch" no value.
 */
export type FlagType = "text" | "int" | "ints" | "number" | "switch";
export type FlagValue = string | number | number[] | boolean;
/** Flag values by commander's attribute name: "--eval-every" -> evalEvery, "--no-gate" -> gate. */
export type CommandOptions = Record<string, FlagValue | undefined>;

export interface FlagSpec {
  /** As commander spells it: "--steps <n>", "--force", "--no-gate". */
  flag: string;
  help: string;
  /** Default: "switch" for a flag without a <value>, else "text". */
  type?: FlagType;
  /** Bounds of an "int" or "ints" flag (default 1 to MAX_COUNT). */
  min?: number;
  max?: number;
  required?: boolean;
  /** A constant the flag takes when it is not given, shown in help. */
  default?: string | number;
  /** The default in words when the action or a schema decides it (shown in help, not applied). */
  defaultText?: string;
}

export interface ArgSpec {
  name: string;
  help: string;
  /** Takes every remaining argument ("<runs...>"). */
  variadic?: boolean;
  /** May be left out ("[name]"). */
  optional?: boolean;
}

export type CommandAction = (options: CommandOptions, args: string[]) => Promise<void>;

export interface CommandSpec {
  /** The words after `atradiff`: "train", "diffuser train". */
  name: string;
  description: string;
  args?: ArgSpec[];
  flags: FlagSpec[];
  /** Imports the command's action (at dispatch, so start-up loads no layer) and calls it. */
  run: CommandAction;
}

/**
 * The action `load` returns, typed by its own options: the table's flags are what fill them.
 * Positional arguments come after the options, a variadic one as the rest of `args`.
 */
export function action<O>(load: () => Promise<(options: O, args: string[]) => Promise<void>>): CommandAction {
  return async (options, args) => (await load())(options as unknown as O, args);
}

const FLAG_SYNTAX = /^--([a-z0-9-]+)(?: <[^>]+>)?$/;

export function flagType(spec: FlagSpec): FlagType {
  return spec.type ?? (spec.flag.includes("<") ? "text" : "switch");
}

/** "--eval-every <n>" -> "--eval-every". */
export function longName(spec: FlagSpec): string {
  const m = FLAG_SYNTAX.exec(spec.flag);
  if (!m) throw new Error(`The flag "${spec.flag}" is not of the form --name or --name <value>.`);
  return `--${m[1]}`;
}

/** The help line of a flag: its text, then "(required)" or its default. */
export function flagHelp(spec: FlagSpec): string {
  if (spec.required) return `${spec.help} (required)`;
  if (spec.default !== undefined) return `${spec.help} (default: ${spec.default})`;
  if (spec.defaultText !== undefined) return `${spec.help} (default: ${spec.defaultText})`;
  return spec.help;
}

/** Reads one flag's text by its declared type; a bad value is one sentence naming the flag. */
export function readFlag(spec: FlagSpec, text: string): FlagValue {
  const name = longName(spec);
  const bounds = { min: spec.min, max: spec.max };
  switch (flagType(spec)) {
    case "int":
      return integerOption(name, text, bounds);
    case "ints":
      return intList(name, text, bounds);
    case "number": {
      const v = Number(text);
      if (text.trim() === "" || !Number.isFinite(v))
        throw new Error(`${name} must be a number, got ${JSON.stringify(text)}.`);
      return v;
    }
    default:
      return text;
  }
}

/** The words of `command` after `atradiff`: "diffuser train"; "" for the program itself. */
function commandWords(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

function commandPath(command: Command): string {
  return ["atradiff", commandWords(command)].filter((w) => w).join(" ");
}

/** A commander refusal (unknown flag, missing argument, ...) as one sentence naming the command. */
function refusal(command: Command, err: CommanderError): Error {
  const path = commandPath(command);
  if (err.code === "commander.unknownOption") {
    const flag = /'([^']+)'/.exec(err.message)?.[1] ?? "the option given";
    const known = command.options.map((o) => o.long).filter((l) => l !== "--help");
    return new Error(
      known.length > 0
        ? `\`${path}\` has no option ${flag}; its options are ${known.join(", ")}.`
        : `\`${path}\` takes no options, got ${flag}.`,
    );
  }
  const subs = command.commands.map((c) => c.name()).filter((n) => n !== "help");
  if (err.code === "commander.unknownCommand" && subs.length > 0) {
    const word = /'([^']+)'/.exec(err.message)?.[1] ?? "given";
    return new Error(`\`${path}\` has no command ${word}; its commands are ${subs.join(", ")}.`);
  }
  const text = err.message
    .replace(/^error: /, "")
    .replace(/\.?\s*$/, "")
    .replace(/\. /g, "; ");
  return new Error(`\`${path}\`: ${text} (see --help).`);
}

/** Every commander refusal below `command` becomes one sentence; help and version exit as usual. */
function refuseInOneSentence(command: Command): Command {
  return command.configureOutput({ outputError: () => {} }).exitOverride((err) => {
    // Help asked for, the version, or a group's help shown for a missing command (exit code 1).
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(err.code))
      process.exit(err.exitCode);
    throw refusal(command, err);
  });
}

/** The options of `spec`, read and defaulted, after checking the required ones. */
export function readOptions(spec: CommandSpec, given: Record<string, unknown>): CommandOptions {
  const out: CommandOptions = {};
  for (const flag of spec.flags) {
    const key = attributeName(flag);
    const value = given[key];
    if (typeof value === "string") out[key] = readFlag(flag, value);
    else if (value !== undefined) out[key] = value as boolean;
    else if (flag.required) throw new Error(`\`atradiff ${spec.name}\` needs ${flag.flag}: ${flag.help}.`);
    else if (flag.default !== undefined)
      out[key] = typeof flag.default === "string" ? readFlag(flag, flag.default) : flag.default;
  }
  return out;
}

/** Commander's attribute name of a flag: "--eval-every" -> "evalEvery", "--no-gate" -> "gate". */
export function attributeName(spec: FlagSpec): string {
  return longName(spec)
    .replace(/^--(no-)?/, "")
    .replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The group command `name` under `parent`, made (with its description) on first use. */
function group(parent: Command, name: string, descriptions: Record<string, string>): Command {
  const found = parent.commands.find((c) => c.name() === name);
  if (found) return found;
  const path = [commandWords(parent), name].filter((w) => w).join(" ");
  return refuseInOneSentence(parent.command(name).description(descriptions[path] ?? ""));
}

/**
 * Adds every command of `table` to `program`; `groups` describes the command groups ("diffuser",
 * "dataset", ...). Each command reads its flags and calls its action with them.
 */
export function addCommands(
  program: Command,
  table: readonly CommandSpec[],
  groups: Record<string, string>,
): Command {
  refuseInOneSentence(program);
  for (const spec of table) {
    const words = spec.name.split(" ");
    let parent = program;
    for (const word of words.slice(0, -1)) parent = group(parent, word, groups);
    const command = refuseInOneSentence(parent.command(words.at(-1)!).description(spec.description));
    for (const arg of spec.args ?? []) {
      const name = arg.variadic ? `${arg.name}...` : arg.name;
      command.argument(arg.optional ? `[${name}]` : `<${name}>`, arg.help);
    }
    for (const flag of spec.flags) {
      longName(flag); // a malformed row fails when the table is built
      command.option(flag.flag, flagHelp(flag));
    }
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const args = (received.slice(0, spec.args?.length ?? 0) as (string | string[])[]).flat();
      await spec.run(readOptions(spec, self.opts()), args);
    });
  }
  return program;
}
