// `atradiff dataset build <env>-<kind>`: builds a dataset by its D4RL-style recipe into the data
// directory (buildDataset.ts), with a progress bar per phase (policy training, collection, writing)
// and a summary of the returns and times at the end.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { formatDuration, ProgressBoard, type ProgressTask } from "../../util/progress.js";
import { type BuildProgress, type BuildReport, buildDataset, outputPathFor } from "../buildDataset.js";
import { parseDatasetName } from "../datasetNames.js";

export interface DatasetBuildOptions {
  size?: number;
  seed?: number;
  force?: boolean;
  trainPolicy?: boolean;
  policySteps?: number;
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

export async function datasetBuild(opts: DatasetBuildOptions, [name]: string[]): Promise<void> {
  const { size, seed, policySteps } = opts;
  if (policySteps !== undefined && !opts.trainPolicy)
    throw new Error("--policy-steps sets the length of this machine's SAC run, so it needs --train-policy.");
  // Bad names and an existing dataset fail before the engine starts.
  parseDatasetName(name);
  outputPathFor(name, { force: opts.force });
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
}
