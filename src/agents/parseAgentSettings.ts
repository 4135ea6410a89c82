// Validates an agent's settings with its zod schema, turning the first problem into one sentence
// that names the agent, the setting, what was expected and what was given.
import type { z } from "zod";
import { PROTOTYPE_KEY_REASON, prototypeKeyPath } from "../util/prototypeKeys.js";
import { unknownSettingPhrase } from "./settingKeys.js";

export function parseAgentSettings<S extends z.ZodTypeAny>(
  agent: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const prototypeKey = prototypeKeyPath(input);
  if (prototypeKey !== null)
    throw new Error(`${agent}: "${prototypeKey.join(".")}" ${PROTOTYPE_KEY_REASON}.`);
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys")
    throw new Error(
      `${agent}: ${unknownSettingPhrase(issue.keys, schema, issue.path, (k) => `"${[...issue.path, k].join(".")}"`)}.`,
    );
  const key = issue.path.map(String).join(".");
  if (key === "") throw new Error(`${agent}: the settings are invalid: ${issue.message}.`);
  const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  throw new Error(
    `${agent}: setting "${key}" ${message} (got ${JSON.stringify(valueAt(input, issue.path))}).`,
  );
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}
