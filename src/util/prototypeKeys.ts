// JSON settings from outside (flags, config files, plans) may not hold the keys "__proto__",
// "constructor" or "prototype": JSON.parse makes "__proto__" an ordinary key, but copying or
// validating the object drops it (or sets the prototype), so the setting would vanish silently.
// They are never setting names, so the settings parsers refuse them in one sentence.

const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** The path of the first prototype key in `value` at any depth, or null when it holds none. */
export function prototypeKeyPath(value: unknown): string[] | null {
  if (value === null || typeof value !== "object") return null;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return [key];
    const below = prototypeKeyPath((value as Record<string, unknown>)[key]);
    if (below !== null) return [key, ...below];
  }
  return null;
}

export const PROTOTYPE_KEY_REASON = "is not a setting (it names an object prototype); remove it";
