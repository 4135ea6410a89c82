// Settings in one home (src/settings): every setting documented with its default on one page, CLI
// help defaults read from the schemas, one error style wherever settings are parsed, and no schema
// or hand-copied default left elsewhere.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { integerOption, integerText } from "../../src/cli/intOptions.js";
import { sacFamilySettingsSchema } from "../../src/settings/agents.js";
import { augmentedBufferSettingsSchema } from "../../src/settings/augmentation.js";
import { describeSettings, SETTINGS_SECTIONS, settingsPage } from "../../src/settings/describeSettings.js";
import { runSettingsSchema, trainConfigSchema } from "../../src/settings/experiments.js";
import { generatorSettingsSchema } from "../../src/settings/generator.js";
import { componentSettings, parseSettings } from "../../src/settings/parseSettings.js";
import { defaultOf, helpWithDefault } from "../../src/settings/schemaFields.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("every setting of every section has a one-line doc and a default or says it has none", () => {
  const sections = describeSettings();
  assert.deepEqual(
    sections.map((s) => s.name),
    SETTINGS_SECTIONS.map((s) => s.name),
  );
  for (const s of sections)
    for (const r of s.settings) {
      const where = `${s.name}.${r.path}`;
      assert.ok(r.doc !== "" || r.seeSection !== undefined, `${where} has no doc`);
      assert.ok(!r.doc.includes("\n"), `${where}'s doc is more than one line`);
      if (r.kind !== "section") assert.notEqual(r.default, "", `${where} shows no default`);
    }
});

test("the page shows each setting's default as the schema declares it, and a section filter", () => {
  const [buffer] = describeSettings(["buffer"]);
  const rho = buffer.settings.find((r) => r.path === "rho");
  assert.equal(rho?.default, "0.5");
  const page = settingsPage(describeSettings(["run", "sac"]));
  assert.match(page, /^\[run\] /m);
  assert.match(page, /^ {2}evalEvery +5000 +Steps between two evaluations\.$/m);
  assert.match(page, /^ {2}actorLr +3e-4 /m);
  assert.match(page, /augmentSettings +\(see \[augment\]\)/);
  assert.doesNotMatch(page, /^\[generator\]/m);
  assert.throws(
    () => describeSettings(["nope"]),
    /^Error: Unknown settings section "nope"; valid sections: run, /,
  );
});

test("help strings take their defaults from the schemas", () => {
  assert.equal(defaultOf(runSettingsSchema, "evalEvery"), 5000);
  assert.equal(defaultOf(generatorSettingsSchema, "diffusion.training.totalSteps"), 100_000);
  assert.equal(defaultOf(generatorSettingsSchema, "diffusion.denoiser.temporal.width"), 128);
  assert.equal(
    helpWithDefault("window lengths", generatorSettingsSchema, "windowLengths"),
    "window lengths (default 5,10,15,20,25)",
  );
  assert.equal(helpWithDefault("rho", augmentedBufferSettingsSchema, "rho"), "rho (default 0.5)");
  assert.equal(helpWithDefault("lr", sacFamilySettingsSchema, "actorLr"), "lr (default 3e-4)");
  assert.throws(() => defaultOf(runSettingsSchema, "steps"), /The setting "steps" has no default\./);
  assert.throws(() => defaultOf(runSettingsSchema, "stepz"), /no setting "stepz"/);
});

test("one error style: an unknown setting lists the valid ones; a wrong one names setting, value and expectation", () => {
  const sac = componentSettings("sac");
  assert.throws(
    () => parseSettings(sacFamilySettingsSchema, { lr: 1e-3 }, sac),
    /^Error: sac: unknown setting "lr"; valid settings: activation, actorCriticReduction, .*actorLr, .*criticLr, /,
  );
  assert.throws(
    () => parseSettings(sacFamilySettingsSchema, { gamma: 2 }, sac),
    /^Error: sac: setting "gamma" must be in \[0, 1\], got 2\.$/,
  );
  const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const base = { agent: "sac", env: "pendulum", seeds: [0] };
  assert.throws(
    () => parseSettings(trainConfigSchema, { ...base, steps: 1.5 }, flag),
    /^Error: --steps must be a positive integer, got 1\.5\.$/,
  );
  assert.throws(
    () => parseSettings(trainConfigSchema, { ...base, steps: 5, stepz: 5 }, (k) => `"${k}" in config.json`),
    /^Error: Unknown setting "stepz" in config\.json; valid settings: adapt, agent, /,
  );
  assert.throws(
    () => parseSettings(trainConfigSchema, { agent: "sac", seeds: [0], steps: 5 }, flag),
    /^Error: --env is missing; expected an environment id\.$/,
  );
});

test("one integer parser: 1e1 is 10 everywhere, and 1.5, 0x10 and '' are refused alike", () => {
  assert.equal(integerText("1e1"), 10);
  assert.equal(integerText("2.5e5"), 250_000);
  for (const bad of ["1.5", "0x10", "", "1e-1"]) assert.equal(integerText(bad), null, bad);
  assert.equal(integerOption("--steps", "1e1"), 10);
  // Every number typed as text is read by util/numberText.ts (cli/intOptions.ts builds on it).
  for (const file of sourceFiles(join(ROOT, "src"))) {
    if (file.endsWith("numberText.ts")) continue;
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /parseInt\(|\/\^\\d\+\$\//, `${file} parses integers its own way`);
    assert.doesNotMatch(text, /\(e\[\+-\]\?\\d\+\)/, `${file} reads exponent notation its own way`);
  }
});

test("settings schemas are defined only in src/settings", () => {
  for (const file of sourceFiles(join(ROOT, "src"))) {
    if (file.includes(`${join("src", "settings")}`)) continue;
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /import \{[^}]*\bz\b[^}]*\} from "zod"/, `${file} builds zod schemas`);
  }
});

test("no CLI help string carries a default that a settings schema declares", () => {
  // The command table (cli/commands.ts) gives a flag's default as `default` (applied) or
  // `defaultText` (words): a number written there by hand is a copy unless it is one of a
  // command's own choices, which are not settings.
  const allowed = [
    "0,1,2", // central-claim seeds (pipeline/centralClaimPlan.ts)
    "100000", // central-claim steps
    "1000000", // dataset build --size (datasets/buildDataset.ts DEFAULT_DATASET_SIZE)
    "0", // seeds of train, dataset build (not schema defaults)
    "0, the run behind data/policies/",
  ];
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, "src/cli")))
    for (const m of readFileSync(file, "utf8").matchAll(
      /defaultText: "([0-9][^"]*)"|\(default ([0-9][^)]*)\)/g,
    )) {
      const text = m[1] ?? m[2];
      if (!allowed.includes(text) && !/^1 to MAX_COUNT$/.test(text)) found.push(`${file}: ${text}`);
    }
  assert.deepEqual(found, []);
});
