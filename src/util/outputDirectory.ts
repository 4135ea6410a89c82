// The rules for every directory a command writes (train, diffuser, experiment, report, demo): what
// atradiff creates it marks, and what it did not create it never deletes.
//
// - Every output directory gets a marker file, .atradiff-output.json, when atradiff creates it:
//   {format, kind, version}, the kind being what the directory holds (a run, a generator, ...).
// - A new path, or an existing empty directory, is created (or taken) and marked.
// - An existing directory with a marker of the command's kind is refused without --force (or
//   continued, by the commands that resume their own output); with --force it is replaced, but
//   only when it holds nothing besides what that kind writes (rules.ownEntries), no directory inside
//   carries a marker of its own (a report written into a run), and no input of the command (a
//   run's dataset or generator) lies inside it: otherwise --force is refused and nothing deleted.
// - Anything else is refused in one sentence and never deleted, even with --force: a file, a
//   directory with a marker of another kind, a directory without a marker. A directory that an
//   older atradiff made (before markers) is recognized by its content only to be continued or
//   written into (resume, an experiment run again, a report into a run); --force does not delete
//   it: the user removes it themselves.
// - A symbolic link as the directory counts as what it points to; a dangling one is refused.
// - A start that fails (a full disk, a setting found bad after the directory was made) removes what
//   this invocation created, so that nothing blocks a retry: a directory it made is removed, its
//   parents that it made only while they are empty (others may have put something there meanwhile),
//   and from a directory that existed (empty) before only the marker and the kind's own entries.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "./atomicWrite.js";
import { projectVersion } from "./projectVersion.js";

export const OUTPUT_MARKER = ".atradiff-output.json";
const MARKER_FORMAT = "atradiff-output-v1";

/**
 * run: `atradiff train` (and a plan's runs); generator: `diffuser train | export | calibrate --out`;
 * experiment: an experiment's (or the demo's) report directory with its published runs; report:
 * `atradiff report --out`; dataset: a directory of datasets written by a command; model: a trained
 * agent saved by the library (experiments/trainedAgent.ts).
 */
export const OUTPUT_KINDS = ["run", "generator", "dataset", "experiment", "report", "model"] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

const KIND_NAMES: Record<OutputKind, string> = {
  run: "a training run",
  generator: "an ATraDiff generator",
  dataset: "datasets",
  experiment: "an experiment's report",
  report: "a report",
  model: "a trained agent",
};

export interface OutputMarker {
  format: typeof MARKER_FORMAT;
  kind: OutputKind;
  /** The atradiff version that created the directory. */
  version: string;
}

/** Refuses an empty or blank path for `flag`; returns the path. */
export function outputPathArgument(flag: string, text: string): string {
  if (text.trim() === "")
    throw new Error(`${flag} is empty; expected the path of the directory to write, e.g. runs/x.`);
  return text;
}

export function writeOutputMarker(dir: string, kind: OutputKind): void {
  const marker: OutputMarker = { format: MARKER_FORMAT, kind, version: projectVersion() };
  writeFileAtomic(join(dir, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** The marker in `dir`: its kind, "damaged" when the file is not a marker, null when there is none. */
export function readOutputMarker(dir: string): OutputMarker | "damaged" | null {
  const path = join(dir, OUTPUT_MARKER);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as Partial<OutputMarker> | null;
    if (m?.format === MARKER_FORMAT && (OUTPUT_KINDS as readonly string[]).includes(m.kind as string))
      return m as OutputMarker;
  } catch {}
  return "damaged";
}

export interface OutputRules {
  /** The flag or argument that named the directory, in messages (default "--out"). */
  flag?: string;
  force?: boolean;
  /** How the caller asks for force, in messages (default "--force"; the library: "{ force: true }"). */
  forceName?: string;
  /** An existing output of this kind is continued rather than refused (commands that resume). */
  continues?: boolean;
  /** Other kinds of output that this one may be written into (a report into a run). */
  alsoInto?: readonly OutputKind[];
  /** Recognizes a directory an older atradiff made (no marker): it may be continued, never replaced. */
  madeByOlderVersion?: (dir: string) => boolean;
  /** Appended when an existing output is refused for lack of --force, e.g. "or continue it with ...". */
  orElse?: string;
  /**
   * The names this kind writes at the top of its directory, besides the marker (and their atomic
   * writes' temporary files). --force replaces only a directory holding nothing else; without it,
   * only the marker counts as the kind's.
   */
  ownEntries?: (name: string) => boolean;
  /** Paths the command reads (a run's dataset, generator): a directory holding one is never replaced. */
  inputs?: readonly (string | undefined)[];
}

/** create: new (or an empty directory); continue: keep what is there; replace: delete, then create. */
export type OutputDecision = "create" | "continue" | "replace";

/** What may be done with `dir` as an output of `kind`; throws one sentence when nothing may. */
export function decideOutputDirectory(
  dir: string,
  kind: OutputKind,
  rules: OutputRules = {},
): OutputDecision {
  const flag = rules.flag ?? "--out";
  const force = rules.forceName ?? "--force";
  outputPathArgument(flag, dir);
  const link = lstatOrNull(dir);
  if (link === null) return "create";
  if (link.isSymbolicLink() && !existsSync(dir))
    throw new Error(
      `${dir} is a symbolic link to ${resolve(dirname(dir), readlinkOrEmpty(dir))}, which does not exist; give ${flag} a directory path, or remove the link yourself.`,
    );
  if (!statSync(dir).isDirectory())
    throw new Error(`${dir} exists and is not a directory; give ${flag} a directory path.`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return "create";
  const marker = readOutputMarker(dir);
  if (marker === "damaged")
    throw new Error(
      `${join(dir, OUTPUT_MARKER)} is damaged, so atradiff cannot tell what ${dir} holds and leaves it alone; choose another ${flag}, or remove the directory yourself.`,
    );
  if (marker !== null) {
    if (marker.kind !== kind && !rules.alsoInto?.includes(marker.kind))
      throw new Error(
        `${dir} holds ${KIND_NAMES[marker.kind]} (made by atradiff ${marker.version}), not ${KIND_NAMES[kind]}; choose another ${flag}.`,
      );
    if (rules.force) {
      if (marker.kind !== kind) return "continue";
      refuseUnknownContent(dir, kind, rules, flag, force);
      return "replace";
    }
    if (rules.continues) return "continue";
    throw new Error(
      `${dir} already holds ${KIND_NAMES[marker.kind]}; pass ${force} to replace it${rules.orElse ? `, ${rules.orElse}` : ""}, or choose another ${flag}.`,
    );
  }
  if (rules.madeByOlderVersion?.(dir)) {
    if (rules.continues && !rules.force) return "continue";
    throw new Error(
      `${dir} holds ${KIND_NAMES[kind]} from an atradiff older than output markers (no ${OUTPUT_MARKER}), which ${force} does not delete; remove it yourself, or choose another ${flag}.`,
    );
  }
  throw new Error(
    `${dir} is not empty and was not made by atradiff (it has no ${OUTPUT_MARKER}); atradiff does not write into it or delete it, even with ${force}: choose another ${flag}.`,
  );
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

/** A name that atomicWrite uses while writing `name` (util/atomicWrite.ts's tempPathFor). */
const ATOMIC_TEMP = /^(.+)\.tmp-\d+-\d+$/;

function isOwnEntry(name: string, rules: OutputRules): boolean {
  const base = ATOMIC_TEMP.exec(name)?.[1] ?? name;
  return base === OUTPUT_MARKER || (rules.ownEntries?.(base) ?? false);
}

/** The first directory below `dir` (not following links) that holds a marker, or null. */
function nestedOutput(dir: string): string | null {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = join(dir, entry.name);
    if (lstatOrNull(join(sub, OUTPUT_MARKER)) !== null) return sub;
    const deeper = nestedOutput(sub);
    if (deeper !== null) return deeper;
  }
  return null;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Throws one sentence unless `dir` holds only what `kind` writes, so that --force may delete it. */
function refuseUnknownContent(
  dir: string,
  kind: OutputKind,
  rules: OutputRules,
  flag: string,
  force: string,
): void {
  const foreign = readdirSync(dir)
    .sort()
    .find((name) => !isOwnEntry(name, rules));
  if (foreign !== undefined)
    throw new Error(
      `${dir} holds ${join(dir, foreign)}, which is not part of ${KIND_NAMES[kind]}, so ${force} does not replace it: move that out or remove it yourself, or choose another ${flag}.`,
    );
  const nested = nestedOutput(dir);
  if (nested !== null)
    throw new Error(
      `${dir} holds ${nested}, an output of its own (it has ${OUTPUT_MARKER}), so ${force} does not replace ${dir}: move that out or remove it yourself, or choose another ${flag}.`,
    );
  const root = realOrResolved(dir);
  for (const input of rules.inputs ?? []) {
    if (input === undefined) continue;
    const rel = relative(root, realOrResolved(input));
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel)))
      throw new Error(
        `${dir} holds ${input}, which this command reads, so ${force} does not replace ${dir}: move the input out, or choose another ${flag}.`,
      );
  }
}

/** The directories that creating `dir` makes, `dir` first and the topmost last. */
function missingDirectories(dir: string): string[] {
  const missing: string[] = [];
  for (let p = resolve(dir); lstatOrNull(p) === null; p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  return missing;
}

export interface OutputDirectory {
  dir: string;
  decision: OutputDecision;
  /** Removes what this invocation created (after a failed start); keeps whatever was there before. */
  abandon(): void;
}

/**
 * Decides (decideOutputDirectory), then creates, continues or replaces `dir` and marks it.
 * `beforeReplace` runs before a replaced directory is deleted (e.g. to refuse one in use).
 */
export function claimOutputDirectory(
  dir: string,
  kind: OutputKind,
  rules: OutputRules & { beforeReplace?: (dir: string) => void } = {},
): OutputDirectory {
  const decision = decideOutputDirectory(dir, kind, rules);
  if (decision === "continue") {
    if (readOutputMarker(dir) === null && !rules.alsoInto?.length) writeOutputMarker(dir, kind);
    return { dir, decision, abandon: () => {} };
  }
  if (decision === "replace") {
    rules.beforeReplace?.(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  const made = missingDirectories(dir);
  const abandon = () => {
    // The failure that led here is what the user needs to see; a leftover is named by the retry.
    try {
      if (made.length > 0) rmSync(made[0], { recursive: true, force: true });
      else
        for (const entry of readdirSync(dir))
          if (isOwnEntry(entry, rules)) rmSync(join(dir, entry), { recursive: true, force: true });
    } catch {}
    // Parents only while empty: another command may have put its own output there meanwhile.
    for (const parent of made.slice(1))
      try {
        rmdirSync(parent);
      } catch {
        break;
      }
  };
  try {
    mkdirSync(dir, { recursive: true });
    writeOutputMarker(dir, kind);
  } catch (err) {
    abandon();
    throw err;
  }
  return { dir, decision, abandon };
}

/**
 * Runs `start` in the claimed directory; if it throws (or the promise it returns rejects), what this
 * invocation created is removed.
 */
export function startInOutputDirectory<T>(output: OutputDirectory, start: () => T): T {
  try {
    const result = start();
    if (result instanceof Promise)
      return result.catch((err: unknown) => {
        output.abandon();
        throw err;
      }) as T;
    return result;
  } catch (err) {
    output.abandon();
    throw err;
  }
}
