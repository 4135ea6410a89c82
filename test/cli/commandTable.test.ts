// The command table (src/cli/commands.ts) as a user meets it: every declared flag in its command's
// help with "(required)" or its default, a missing required flag and an unknown flag refused in one
// sentence naming it (and the valid ones), the newcomer traps of `train`, and a CLI that holds only
// the table: each command's one action lives in a layer and is imported once, at dispatch.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Command } from "commander";
import { addCommands, attributeName, flagHelp, longName, readOptions } from "../../src/cli/commandSpec.js";
import { COMMAND_GROUPS, COMMANDS } from "../../src/cli/commands.js";
import { atradiff, ROOT } from "../experiments/cliRunner.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("command-table");

function program(): Command {
  return addCommands(
    new Command("atradiff").configureOutput({ writeOut: () => {}, writeErr: () => {} }),
    COMMANDS,
    COMMAND_GROUPS,
  );
}

function findCommand(root: Command, name: string): Command {
  let c = root;
  for (const word of name.split(" ")) {
    const next = c.commands.find((x) => x.name() === word);
    assert.ok(next, `the command ${name} exists`);
    c = next;
  }
  return c;
}

/** Help as printed, with the line wrapping undone, so that a flag's text reads as one line. */
function unwrappedHelp(command: Command): string {
  return command.helpInformation().replace(/\n {10,}/g, " ");
}

describe("the command table", () => {
  it("every command's declared flags appear in its help, required ones marked and defaults shown", () => {
    const root = program();
    for (const spec of COMMANDS) {
      const help = unwrappedHelp(findCommand(root, spec.name));
      for (const flag of spec.flags) {
        assert.ok(help.includes(flag.flag), `${spec.name}: help shows ${flag.flag}`);
        const text = flagHelp(flag).replace(/\s+/g, " ");
        assert.ok(help.replace(/\s+/g, " ").includes(text), `${spec.name} ${flag.flag}: help says "${text}"`);
        if (flag.required) assert.match(text, /\(required\)$/);
        if (flag.default !== undefined) assert.match(text, new RegExp(`\\(default: ${flag.default}\\)$`));
      }
    }
  });

  it("every required flag, when missing, is refused in one sentence naming it", () => {
    let checked = 0;
    for (const spec of COMMANDS)
      for (const flag of spec.flags.filter((f) => f.required)) {
        const given: Record<string, unknown> = {};
        for (const other of spec.flags.filter((f) => f.required && f !== flag))
          given[attributeName(other)] = "x";
        assert.throws(
          () => readOptions(spec, given),
          (err: Error) =>
            err.message.startsWith(`\`atradiff ${spec.name}\` needs ${longName(flag)}`) &&
            err.message.endsWith(".") &&
            !err.message.includes("\n"),
          `${spec.name} without ${flag.flag}`,
        );
        checked++;
      }
    assert.ok(checked >= 8, `${checked} required flags checked`);
  });

  it("the built CLI refuses a missing required flag and an unknown flag in one line naming them", () => {
    const missing = atradiff(["diffuser", "sample", "--checkpoint", "g", "--from", "d"]);
    assert.equal(missing.status, 1);
    assert.equal(
      missing.stderr.trim(),
      "atradiff: `atradiff diffuser sample` needs --n <count>: number of trajectories.",
    );
    const unknown = atradiff(["report", "runs/x", "--outt", "r"]);
    assert.equal(unknown.status, 1);
    assert.equal(
      unknown.stderr.trim(),
      "atradiff: `atradiff report` has no option --outt; its options are --out, --table-steps, --tensorboard, --force.",
    );
    const command = atradiff(["diffuser", "trian"]);
    assert.equal(command.status, 1);
    assert.match(
      command.stderr.trim(),
      /^atradiff: `atradiff diffuser` has no command trian; its commands are train, sample, export, calibrate\.$/,
    );
  });

  it("values are read by their declared type before any action runs", () => {
    const spec = COMMANDS.find((c) => c.name === "diffuser sample")!;
    const o = readOptions(spec, { checkpoint: "g", from: "d", n: "1e2" });
    assert.equal(o.n, 100);
    assert.equal(o.seed, 0, "a default is applied");
    assert.equal(o.renderRows, 3);
    assert.throws(
      () => readOptions(spec, { checkpoint: "g", from: "d", n: "1.5" }),
      /--n must be a positive integer/,
    );
    const report = COMMANDS.find((c) => c.name === "report")!;
    assert.deepEqual(readOptions(report, {}).tableSteps, [25000, 50000, 100000, 250000]);
  });

  it("the CLI holds only the table: one dispatch import per command, no domain logic in src/cli", () => {
    const dir = join(ROOT, "src", "cli");
    assert.deepEqual(readdirSync(dir).sort(), [
      "commandSpec.ts",
      "commands.ts",
      "emptyValues.ts",
      "intOptions.ts",
      "main.ts",
    ]);
    const table = readFileSync(join(dir, "commands.ts"), "utf8");
    assert.equal(table.match(/await import\(/g)?.length, COMMANDS.length, "one lazy import per command");
    for (const name of readdirSync(dir).filter((f) => f !== "commands.ts")) {
      const text = readFileSync(join(dir, name), "utf8");
      assert.doesNotMatch(text, /await import\(/, `${name} imports nothing lazily`);
      // What moved to the layers: the job config, the seed pool, sampling and plan runs.
      assert.doesNotMatch(
        text,
        /runSeedsInWorkers|parseSettings|sampleStatistics|runPipeline|initEngine|readDatasetFile/,
        name,
      );
    }
    // The actions import their layers statically: no import mid-function.
    for (const layer of ["envs", "datasets", "experiments", "pipeline", "atradiff"]) {
      const commands = join(ROOT, "src", layer, "commands");
      for (const name of readdirSync(commands))
        assert.doesNotMatch(
          readFileSync(join(commands, name), "utf8"),
          /await import\(/,
          `${layer}/commands/${name}`,
        );
    }
  });
});

describe("newcomer traps of `atradiff train`", () => {
  it("--steps within the random start steps is warned in one sentence, and train ends naming its run and `atradiff report`", () => {
    const run = join(tempDir(), "run");
    const r = atradiff([
      "train",
      "--agent",
      "sac",
      "--env",
      "pendulum",
      "--steps",
      "100",
      "--eval-every",
      "100",
      "--eval-episodes",
      "1",
      "--out",
      run,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    assert.deepEqual(warnings, [
      "warning: --steps 100 ends within the 5000 random start steps, so the agent makes no update; raise --steps or lower --random-start-steps.",
    ]);
    assert.equal(
      r.stdout.trimEnd().split("\n").at(-1),
      `The run is in ${run}; draw its learning curves with \`atradiff report ${run}\`.`,
    );
  });
});
