// The setting names a zod schema accepts at a path, for the sentence that refuses an unknown one:
// `unknown setting "lr"; valid settings: actorLr, criticLr, ...`.
import type { z } from "zod";
import { objectShape } from "./schemaFields.js";

/** The keys of the object that `path` leads to in `schema`, sorted; null when not found. */
export function validSettingKeys(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] | null {
  let shape = objectShape(schema);
  for (const key of path) {
    const child = shape?.[key];
    shape = child === undefined ? null : objectShape(child);
  }
  return shape === null ? null : Object.keys(shape).sort();
}

/** `unknown setting "lr"; valid settings: a, b, c` (without the valid ones when unknown). */
export function unknownSettingPhrase(
  keys: readonly string[],
  schema: z.ZodTypeAny,
  path: readonly (string | number)[],
  nameOf: (key: string) => string = (k) => `"${k}"`,
): string {
  const valid = validSettingKeys(schema, path);
  const names = keys.map(nameOf).join(", ");
  const phrase = `unknown setting${keys.length > 1 ? "s" : ""} ${names}`;
  return valid === null ? phrase : `${phrase}; valid settings: ${valid.join(", ")}`;
}
