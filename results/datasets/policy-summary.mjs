// Writes results/datasets/policy-training/<env>-sac-seed0.json (and copies its metrics.jsonl) from a
// behavior-policy training run in the data directory: settings, the medium and expert records, the
// best evaluation so far, the steps and time done, and every evaluation.
// Usage: node results/datasets/policy-summary.mjs <env> [<data dir>]
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const env = process.argv[2];
if (!env) throw new Error("Usage: node results/datasets/policy-summary.mjs <env> [<data dir>]");
const dataDir = process.argv[3] ?? process.env.ATRADIFF_DATA ?? join(homedir(), ".atradiff", "data");
const dir = join(dataDir, "policy-training", `${env}-sac-seed0`);
const json = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null);
const lines = readFileSync(join(dir, "metrics.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const last = lines.at(-1);
const summary = {
  env,
  directory: dir,
  settings: json(join(dir, "training.json")),
  medium: json(join(dir, "medium", "medium.json")),
  bestSoFar: json(join(dir, "expert", "best.json")),
  expert: json(join(dir, "expert", "expert.json")),
  stepsDone: last.step,
  wallSecondsDone: last.wallSeconds,
  evaluations: lines
    .filter((l) => typeof l.evalReturnMean === "number")
    .map(({ step, evalReturnMean, evalReturnStd, evalScore, wallSeconds }) => ({
      step,
      evalReturnMean,
      evalReturnStd,
      evalScore,
      wallSeconds,
    })),
};
writeFileSync(join(here, "policy-training", `${env}-sac-seed0.json`), `${JSON.stringify(summary, null, 2)}\n`);
copyFileSync(join(dir, "metrics.jsonl"), join(here, "policy-training", `${env}-sac-seed0.metrics.jsonl`));
