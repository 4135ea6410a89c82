// The one error style of settings, wherever they are parsed (JSON flags, config files, plan files,
// checkpoints, a library caller's object): the first problem becomes one sentence.
//   unknown setting:   `sac: unknown setting "lr"; valid settings: activation, actorLr, ...`
//   wrong type/range:  `--eval-every must be a positive integer, got 0.`
//   missing:           `"env" in plan.json is missing; expected an environment id.`
// A caller names its settings with a SettingNamer (a flag, a key in a file, a component's setting)
// and may put its component's name first (`subject`: "sac", "SynthER").
import type { z } from "zod";
import { PROTOTYPE_KEY_REASON, prototypeKeyPath } from "../util/prototypeKeys.js";
import { unknownSettingPhrase } from "./keys.js";

/**
 * Names a setting in messages: `settingName("evalEvery")` may give "--eval-every" on the command
 * line, `"evalEvery" in runs/x/config.json` for a file or `setting "evalEvery"` in a component.
 */
export type SettingNamer = (key: string) => string;

export interface SettingsSource {
  /** Names a setting by its dotted path. */
  nameOf: SettingNamer;
  /**
   * The component whose settings these are, put first (`sac: setting "gamma" ...`); none: the
   * setting's name starts the sentence.
   */
  subject?: string;
}

/** A component's settings: `sac: setting "gamma" must be in [0, 1], got 2.` */
export function componentSettings(subject: string): SettingsSource {
  return { subject, nameOf: (key) => `"${key}"` };
}

/** Parses `input` with `schema`, or throws one sentence naming the first bad setting and its value. */
export function parseSettings<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  source: SettingNamer | SettingsSource,
): z.output<S> {
  const where = typeof source === "function" ? { nameOf: source } : source;
  const prototypeKey = prototypeKeyPath(input);
  if (prototypeKey !== null)
    throw new Error(sentence(where, `${where.nameOf(prototypeKey.join("."))} ${PROTOTYPE_KEY_REASON}`));
  const result = schema.safeParse(input ?? (where.subject === undefined ? input : {}));
  if (result.success) return result.data;
  throw new Error(settingsErrorSentence(result.error.issues[0], input, schema, where));
}

/** The sentence for one zod issue of `input` parsed with `schema`. */
export function settingsErrorSentence(
  issue: z.ZodIssue,
  input: unknown,
  schema: z.ZodTypeAny,
  where: SettingsSource,
): string {
  const nameOf = where.subject === undefined ? where.nameOf : (key: string) => `setting ${where.nameOf(key)}`;
  if (issue.code === "unrecognized_keys")
    return sentence(
      where,
      unknownSettingPhrase(issue.keys, schema, issue.path, (k) => where.nameOf([...issue.path, k].join("."))),
    );
  const key = issue.path.map(String).join(".");
  // Component schemas (types.ts) phrase their messages as "must be ...", run schemas as "a ...".
  const expected = issue.message.replace(/^must be /, "");
  const mustBe = issue.message.startsWith("must ") ? issue.message : `must be ${issue.message}`;
  if (key === "") return sentence(where, `the settings ${mustBe}`);
  if (issue.code === "custom" && issue.params?.omitValue) return sentence(where, `${nameOf(key)} ${mustBe}`);
  const value = valueAt(input, issue.path);
  if (value === undefined) return sentence(where, `${nameOf(key)} is missing; expected ${expected}`);
  return sentence(where, `${nameOf(key)} ${mustBe}, got ${JSON.stringify(value)}`);
}

function sentence(where: SettingsSource, body: string): string {
  return where.subject === undefined ? `${capitalize(body)}.` : `${where.subject}: ${body}.`;
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function capitalize(s: string): string {
  return s.length > 0 && /[a-z]/.test(s[0]) ? s[0].toUpperCase() + s.slice(1) : s;
}
