// `atradiff dataset build <env>-<kind>`: builds a dataset by its D4RL-style recipe into the data
// directory (src/datasets/buildDataset.ts), with a progress bar per phase (policy training,
// collection, writing) and a summary of the returns and times at the end.
import type { Command } from "commander";
import type { BuildProgress, BuildReport } from "../datasets/buildDataset.js";
import { policyTrainingSettingsSchema } from "../settings/datasets.js";
import { helpWithDefault } from "../settings/schemaFields.js";
import { MAX_SEED } from "../settings/types.js";
import { formatDuration, ProgressBoard, type ProgressTask } from "../util/progress.js";
import { datasetCommandGroup } from "./datasetCommand.js";
import { optionalInt } from "./intOptions.js";
import { registerPolicyTrainCommand } from "./policyTrainCommand.js";
import { registerWalkerTrainCommand } from "./walkerTrainCommand.js";

interface BuildCommandOptions {
  size?: string;
  seed?: string;
  force?: boolean;
  trainPolicy?: boolean;
  policySteps?: string;
  json?: boolean;
}

function fmt(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);
}

function printReport(r: BuildReport): void {
  const s = r.returns;
  const rows: [string, string][] = [
    ["dataset", `${r.name} -> ${r.path}`],
    ["rows", `${r.rows}  (${r.episodes} episodes)`],
    [
      "return",
      s
        ? `mean ${fmt(s.mean)}  std ${fmt(s.std)}  min ${fmt(s.min)}  max ${fmt(s.max)}  over ${s.episodes} finished episodes`
        : "no episode finished within the rows",
    ],
    [
      "normalized",
      s?.normalizedScore !== undefined && s?.normalizedScore !== null ? fmt(s.normalizedScore) : "-",
    ],
  ];
  if (r.halves)
    rows.push([
      "halves",
      `medium ${fmt(r.halves.medium?.normalizedScore)}  expert ${fmt(r.halves.expert?.normalizedScore)} (normalized)`,
    ]);
  const t = r.seconds;
  rows.push([
    "time",
    [
      t.policyTraining !== null
        ? `policy training ${formatDuration(t.policyTraining)} (as recorded by its run)`
        : null,
      t.trainingThisBuild > 0 ? `training in this build ${formatDuration(t.trainingThisBuild)}` : null,
      `collection ${formatDuration(t.collection)}`,
      `writing ${formatDuration(t.writing)}`,
    ]
      .filter((x) => x)
      .join(", "),
  ]);
  for (const [k, v] of rows) console.log(`${k.padEnd(11)} ${v}`);
}

export function registerDatasetBuildCommand(program: Command): void {
  datasetCommandGroup(program)
    .command("build")
    .description(
      "build a D4RL-style dataset <env>-<random|medium|medium-replay|expert|medium-expert> or antmaze-<umaze|medium|large>-<diverse|play> into the data directory",
    )
    .argument(
      "<name>",
      "e.g. hopper-medium (envs: hopper, halfcheetah, walker2d, ant; pendulum-random; antmaze-umaze-diverse ...)",
    )
    .option(
      "--size <n>",
      "rows per rollout dataset (medium-expert: per half; not for medium-replay) (default 1000000)",
    )
    .option("--seed <s>", "rollout seed: episode starts and action noise (not for medium-replay) (default 0)")
    .option("--force", "replace the dataset if it exists")
    .option(
      "--train-policy",
      "use this machine's SAC training run for the behavior policy (trained, or resumed from its checkpoints) instead of the committed data/policies/ (AntMaze: the walking-policy run of `dataset train-walker`)",
    )
    .option(
      "--policy-steps <n>",
      `${helpWithDefault("with --train-policy: the SAC run's length in env steps", policyTrainingSettingsSchema, "steps")}; it stops earlier once its expert is chosen; a run can be extended, or ended at a step it has passed`,
    )
    .option("--json", "print the build report as JSON")
    .action(async (name: string, opts: BuildCommandOptions) => {
      const size = optionalInt("--size", opts.size);
      const seed = optionalInt("--seed", opts.seed, { min: 0, max: MAX_SEED });
      const policySteps = optionalInt("--policy-steps", opts.policySteps);
      if (policySteps !== undefined && !opts.trainPolicy)
        throw new Error(
          "--policy-steps sets the length of this machine's SAC run, so it needs --train-policy.",
        );
      const { parseDatasetName } = await import("../datasets/datasetNames.js");
      const { buildDataset, outputPathFor } = await import("../datasets/buildDataset.js");
      // Bad names and an existing dataset fail before the engine starts.
      parseDatasetName(name);
      outputPathFor(name, { force: opts.force });
      const { closeEngine, initEngine } = await import("../engine/runtime.js");
      await initEngine();
      const board = new ProgressBoard({ labelWidth: 30 });
      let task: { key: string; progress: ProgressTask } | null = null;
      const onProgress = (p: BuildProgress) => {
        const key = `${p.phase}:${p.label}`;
        if (task?.key !== key) {
          task?.progress.finish();
          const label = p.phase === "writing" ? "writing" : p.label;
          task = { key, progress: board.add(label, p.total, p.done) };
        }
        task.progress.update(
          p.done,
          p.lastEvalReturn !== undefined
            ? { eval: p.lastEvalReturn === null ? "-" : fmt(p.lastEvalReturn) }
            : undefined,
        );
      };
      let report: BuildReport;
      try {
        report = await buildDataset({
          name,
          size,
          seed,
          force: opts.force,
          trainPolicy: opts.trainPolicy,
          policyTraining: policySteps === undefined ? undefined : { steps: policySteps },
          onProgress,
        });
        (task as { progress: ProgressTask } | null)?.progress.finish();
      } finally {
        board.stop();
        await closeEngine();
      }
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
    });
  registerPolicyTrainCommand(program);
  registerWalkerTrainCommand(program);
}
