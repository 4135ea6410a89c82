// Env-specific make options: each env declares the options it takes (Gymnasium's v4 constructor
// kwargs in camelCase, e.g. ctrlCostWeight for ctrl_cost_weight) with their kinds and defaults;
// `resolveEnvOptions` checks what a caller gave against that declaration and fills in the
// defaults. Bad input fails with one sentence naming the env and the option.

/** A closed or open interval [low, high] (which ends count is up to the env's health rule). */
export type OptionRange = readonly [number, number];

export type EnvOptionValue = number | boolean | OptionRange;

export type EnvOptionSpec =
  | { kind: "number"; default: number; description: string; min?: number }
  | { kind: "boolean"; default: boolean; description: string }
  | { kind: "range"; default: OptionRange; description: string };

type SpecFor<V> = V extends boolean
  ? Extract<EnvOptionSpec, { kind: "boolean" }>
  : V extends number
    ? Extract<EnvOptionSpec, { kind: "number" }>
    : Extract<EnvOptionSpec, { kind: "range" }>;

/** The declaration of an options interface T: one spec per key. */
export type EnvOptionSpecs<T> = { readonly [K in keyof T]-?: SpecFor<NonNullable<T[K]>> };

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(", ")}]`;
  return String(value);
}

function checkValue(envId: string, key: string, spec: EnvOptionSpec, value: unknown): EnvOptionValue {
  const fail = (expected: string) =>
    new Error(`${envId}: option ${key} must be ${expected}, got ${describeValue(value)}.`);
  if (spec.kind === "boolean") {
    if (typeof value !== "boolean") throw fail("true or false");
    return value;
  }
  if (spec.kind === "number") {
    if (typeof value !== "number" || !Number.isFinite(value)) throw fail("a finite number");
    if (spec.min !== undefined && value < spec.min) throw fail(`a number >= ${spec.min}`);
    return value;
  }
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((x) => typeof x === "number" && !Number.isNaN(x)) &&
    value[0] < value[1];
  if (!ok) throw fail("[low, high] with numbers low < high (+-Infinity allowed)");
  return [value[0], value[1]] as const;
}

/**
 * The options of env `envId`: `given` checked against `specs`, defaults filled in. Keys in
 * `alsoAllowed` (e.g. maxEpisodeSteps, handled by makeEnv) are skipped; any other unknown key, or
 * a value of the wrong kind, throws naming the env and the option.
 */
export function resolveEnvOptions<T>(
  envId: string,
  specs: EnvOptionSpecs<T>,
  given: object = {},
  alsoAllowed: readonly string[] = [],
): Required<T> {
  if (given === null || typeof given !== "object" || Array.isArray(given))
    throw new Error(`${envId}: options must be an object, got ${describeValue(given)}.`);
  const table = specs as Record<string, EnvOptionSpec>;
  const out: Record<string, EnvOptionValue> = {};
  for (const [key, value] of Object.entries(given)) {
    if (alsoAllowed.includes(key) || value === undefined) continue;
    const spec = table[key];
    if (!Object.hasOwn(table, key) || spec === undefined) {
      const known = [...alsoAllowed, ...Object.keys(table)];
      throw new Error(
        `${envId}: unknown option "${key}"; ${envId} takes ${known.length > 0 ? known.join(", ") : "no options"}.`,
      );
    }
    out[key] = checkValue(envId, key, spec, value);
  }
  for (const [key, spec] of Object.entries(table)) if (!(key in out)) out[key] = spec.default;
  return out as Required<T>;
}
