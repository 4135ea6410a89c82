// The setting names a zod schema accepts at a path, for the sentence that refuses an unknown one:
// `unknown setting "lr"; valid settings: actorLr, criticLr, ...`.
import { z } from "zod";

/** The object schema inside wrappers (defaults, optionals, refinements), or null. */
function objectOf(schema: z.ZodTypeAny): z.AnyZodObject | null {
  let s: z.ZodTypeAny = schema;
  for (let i = 0; i < 16; i++) {
    if (s instanceof z.ZodObject) return s;
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
      s = s._def.innerType;
    else if (s instanceof z.ZodEffects) s = s._def.schema;
    else return null;
  }
  return null;
}

/** The keys of the object that `path` leads to in `schema`, sorted; null when not found. */
export function validSettingKeys(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] | null {
  let object = objectOf(schema);
  for (const key of path) {
    if (object === null) return null;
    const child = object.shape[key] as z.ZodTypeAny | undefined;
    object = child === undefined ? null : objectOf(child);
  }
  return object === null ? null : Object.keys(object.shape).sort();
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
