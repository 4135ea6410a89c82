// Reading a settings schema as a reader of its documentation does: each field's default, its kind
// of value and its one-line doc (`.describe(...)`), through zod's wrappers (defaults, optionals,
// refinements). `defaultOf` gives CLI help strings their defaults from the schemas, so that no
// default is copied by hand.
import { z } from "zod";

/** A field's schema with its wrappers peeled off, and what the wrappers said. */
interface Unwrapped {
  inner: z.ZodTypeAny;
  /** The default's value; undefined when the field has none. */
  defaultValue: unknown;
  hasDefault: boolean;
  optional: boolean;
  nullable: boolean;
  description: string | undefined;
}

function unwrap(schema: z.ZodTypeAny): Unwrapped {
  const out: Unwrapped = {
    inner: schema,
    defaultValue: undefined,
    hasDefault: false,
    optional: false,
    nullable: false,
    description: undefined,
  };
  let s = schema;
  for (;;) {
    out.description ??= s.description;
    if (s instanceof z.ZodDefault) {
      if (!out.hasDefault) out.defaultValue = s._def.defaultValue();
      out.hasDefault = true;
      s = s._def.innerType;
    } else if (s instanceof z.ZodOptional) {
      out.optional = true;
      s = s._def.innerType;
    } else if (s instanceof z.ZodNullable) {
      out.nullable = true;
      s = s._def.innerType;
    } else if (s instanceof z.ZodEffects) s = s._def.schema;
    else break;
  }
  out.inner = s;
  return out;
}

/** A schema without its wrappers (defaults, optionals, nullables, refinements). */
export function innerSchema(schema: z.ZodTypeAny): z.ZodTypeAny {
  return unwrap(schema).inner;
}

/** The object schema a (wrapped) schema holds, or null. */
export function objectShape(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> | null {
  const { inner } = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodTypeAny>) : null;
}

/** The schema of the field at a dotted path ("training.batchSize"), or an error naming the path. */
export function fieldSchema(schema: z.ZodTypeAny, path: string): z.ZodTypeAny {
  let s = schema;
  for (const key of path.split(".")) {
    const shape = objectShape(s);
    const child = shape?.[key];
    if (child === undefined) throw new Error(`The settings schema has no setting "${path}".`);
    s = child;
  }
  return s;
}

/** The default of the setting at `path`, as the schema declares it; an error when it has none. */
export function defaultOf(schema: z.ZodTypeAny, path: string): unknown {
  const field = unwrap(fieldSchema(schema, path));
  if (!field.hasDefault) throw new Error(`The setting "${path}" has no default.`);
  return field.defaultValue;
}

/** A value as the help and the settings page print it: 5000, 3e-4, [256, 256], null, "td". */
export function formatSettingValue(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isInteger(value)) return String(value);
    return Math.abs(value) < 1e-2 ? value.toExponential() : String(Number(value.toPrecision(6)));
  }
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(formatSettingValue).join(", ")}]`;
  return JSON.stringify(value);
}

/**
 * `text` followed by the setting's default from the schema, as a flag spells it (a list comma
 * separated): helpWithDefault("evaluate every n steps", runSettingsSchema, "evalEvery") is
 * "evaluate every n steps (default 5000)".
 */
export function helpWithDefault(text: string, schema: z.ZodTypeAny, path: string): string {
  const value = defaultOf(schema, path);
  return `${text} (default ${Array.isArray(value) ? value.map(formatSettingValue).join(",") : formatSettingValue(value)})`;
}

/** One setting as the settings page prints it. */
export interface SettingField {
  /** Dotted path inside its section, e.g. "training.batchSize". */
  path: string;
  /** The default as printed; "required" or "unset" when there is none. */
  default: string;
  /** The kind of value: "integer", "number", "true/false", "one of a, b", "list", ... */
  kind: string;
  doc: string;
  /** When the field holds another section's schema: that section's name (its fields are listed there). */
  seeSection?: string;
}

function kindOf(s: z.ZodTypeAny): string {
  if (s instanceof z.ZodNumber) return s.isInt ? "integer" : "number";
  if (s instanceof z.ZodBoolean) return "true/false";
  if (s instanceof z.ZodString) return "text";
  if (s instanceof z.ZodEnum) return `one of ${(s.options as string[]).join(", ")}`;
  if (s instanceof z.ZodLiteral) return JSON.stringify(s.value);
  if (s instanceof z.ZodArray) return `list of ${kindOf(unwrap(s.element).inner)}`;
  if (s instanceof z.ZodRecord || s instanceof z.ZodObject) return "object";
  if (s instanceof z.ZodUnion)
    return (s.options as z.ZodTypeAny[]).map((o) => kindOf(unwrap(o).inner)).join(" or ");
  if (s instanceof z.ZodDiscriminatedUnion) return "object";
  return "value";
}

/**
 * The fields of an object schema, depth first; a nested object is listed field by field, unless it
 * is one of `sections` (then it points there).
 */
export function settingFields(
  schema: z.ZodTypeAny,
  sections: ReadonlyMap<z.ZodTypeAny, string> = new Map(),
  prefix = "",
): SettingField[] {
  const shape = objectShape(schema);
  if (shape === null) return [];
  const out: SettingField[] = [];
  for (const [key, child] of Object.entries(shape)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const field = unwrap(child);
    const section = sections.get(field.inner);
    const nested = field.inner instanceof z.ZodObject;
    const shown = field.hasDefault
      ? formatSettingValue(field.defaultValue)
      : field.optional
        ? "unset"
        : "required";
    const kind = kindOf(field.inner) + (field.nullable ? " or null" : "");
    if (nested && section === undefined) {
      if (field.description !== undefined)
        out.push({ path, default: nested ? "" : shown, kind: "section", doc: field.description });
      out.push(...settingFields(field.inner, sections, path));
    } else
      out.push({
        path,
        default: nested ? "" : shown,
        kind: nested ? "section" : kind,
        doc: field.description ?? "",
        ...(section === undefined ? {} : { seeSection: section }),
      });
  }
  return out;
}
