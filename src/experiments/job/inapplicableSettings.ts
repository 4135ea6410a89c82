// Settings a user gave that the run would not read: --rho on a SynthER run, an adaptation setting
// without --adapt, the replay buffer's capacity in the offline mode. The schema fills in defaults
// for all of them, so only the raw input (flags, a --config file, a plan's run settings) shows what
// was given; a run refuses such a setting with one sentence instead of ignoring it.
import { type AdaptName, type AugmentName, augmentSettingsSchema } from "./augmentConfig.js";
import { runSettingsSchema } from "./runConfig.js";

interface RunChoice {
  mode: "online" | "offline" | "offline-to-online";
  augment: AugmentName;
  adapt: AdaptName;
}

interface Rule {
  path: string[];
  applies: (c: RunChoice) => boolean;
  /** Completes "... applies only ...". */
  when: string;
}

const online = (c: RunChoice) => c.mode !== "offline";

// Deeper paths first, so that the more precise reason is given.
const RULES: Rule[] = [
  { path: ["augmentSettings", "synther", "retrainEvery"], applies: online, when: "in the online modes" },
  { path: ["augmentSettings", "synther", "syntheticSize"], applies: online, when: "in the online modes" },
  {
    path: ["augmentSettings", "atradiff"],
    applies: (c) => c.augment === "atradiff",
    when: "with --augment atradiff",
  },
  {
    path: ["augmentSettings", "generation"],
    applies: (c) => c.augment === "atradiff",
    when: "with --augment atradiff",
  },
  {
    path: ["augmentSettings", "adaptation"],
    applies: (c) => c.adapt !== "none",
    when: "with --adapt td or reward",
  },
  {
    path: ["augmentSettings", "synther"],
    applies: (c) => c.augment === "synther",
    when: "with --augment synther",
  },
  { path: ["augmentSettings", "s4rl"], applies: (c) => c.augment === "s4rl", when: "with --augment s4rl" },
  {
    path: ["augmentSettings", "upsampleTo"],
    applies: (c) => c.mode === "offline" && (c.augment === "atradiff" || c.augment === "synther"),
    when: "in --mode offline with --augment atradiff or synther",
  },
  { path: ["randomStartSteps"], applies: online, when: "in the online modes" },
  { path: ["bufferCapacity"], applies: online, when: "in the online modes" },
];

/**
 * The dotted path of the first value at or under `path` in `raw` that differs from `defaults` (a
 * default repeated, e.g. from a copied config.json, changes nothing), or null.
 */
function firstGiven(raw: unknown, defaults: unknown, path: string[]): string | null {
  const at = valueAt(raw, path);
  if (at === undefined) return null;
  const base = valueAt(defaults, path);
  if (isObject(at)) {
    for (const key of Object.keys(at)) {
      const inner = firstGiven(at, isObject(base) ? base : {}, [key]);
      if (inner !== null) return `${path.join(".")}.${inner}`;
    }
    return null;
  }
  return JSON.stringify(at) === JSON.stringify(base) ? null : path.join(".");
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function valueAt(v: unknown, path: string[]): unknown {
  let at = v;
  for (const key of path) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

/** The run settings RULES look at, as the schemas fill them in when they are not given. */
const RULE_DEFAULTS = {
  augmentSettings: augmentSettingsSchema.parse({}),
  randomStartSteps: runSettingsSchema.shape.randomStartSteps.parse(undefined),
};

/**
 * Throws one sentence if `raw` gives a setting, other than its default, that the run `c` would not
 * read; `name` says a setting's dotted key as the user wrote it (a flag, or a key of a plan's run).
 */
export function checkSettingsApply(raw: unknown, c: RunChoice, name: (key: string) => string): void {
  for (const rule of RULES) {
    if (rule.applies(c)) continue;
    const key = firstGiven(raw, RULE_DEFAULTS, rule.path);
    if (key === null) continue;
    throw new Error(
      `${name(key)} applies only ${rule.when} (this run: --mode ${c.mode}, --augment ${c.augment}, --adapt ${c.adapt}); leave it out.`,
    );
  }
}
