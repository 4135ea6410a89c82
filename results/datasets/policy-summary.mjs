// Writes results/datasets/<out>/<env>-sac-seed0.json (and copies its metrics.jsonl) from a
// behavior-policy training run in the data directory: settings, the medium and expert records, the
// steps, wall and CPU time done, every evaluation with its snapshot's data score (data-scores.jsonl,
// also copied), and prints one line of progress.
// Usage: node results/datasets/policy-summary.mjs <env> [<data dir>] [<out>]
// <out> is policy-training (the runs behind the committed policies chosen by the deterministic
// evaluation, the default) or policy-runs (the runs chosen by the data's score, from 2026-12-07).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const env = process.argv[2];
if (!env) throw new Error("Usage: node results/datasets/policy-summary.mjs <env> [<data dir>]");
const dataDir = process.argv[3] ?? process.env.ATRADIFF_DATA ?? join(homedir(), ".atradiff", "data");
const dir = join(dataDir, "policy-training", `${env}-sac-seed0`);
const out = resolve(here, process.argv[4] ?? "policy-training");
mkdirSync(out, { recursive: true });
const json = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null);
const lines = readFileSync(join(dir, "metrics.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const last = lines.at(-1);
const scoresFile = join(dir, "data-scores.jsonl");
const scoreLines = existsSync(scoresFile)
  ? readFileSync(scoresFile, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l))
  : [];
const scores = new Map(scoreLines.map((r) => [r.step, r]));
const summary = {
  env,
  directory: dir,
  settings: json(join(dir, "training.json")),
  medium: json(join(dir, "medium", "medium.json")),
  expert: json(join(dir, "expert", "expert.json")),
  stepsDone: last.step,
  wallSecondsDone: last.wallSeconds,
  cpuSecondsDone: last.cpuSeconds ?? null,
  stepsPerSecondLast: last.stepsPerSecond ?? null,
  evaluations: lines
    .filter((l) => typeof l.evalReturnMean === "number")
    .map(({ step, evalReturnMean, evalReturnStd, evalScore, wallSeconds, cpuSeconds }) => {
      const d = scores.get(step);
      return {
        step,
        evalReturnMean,
        evalReturnStd,
        evalScore,
        dataScore: d?.screen.score ?? null,
        dataScorePooled: d?.pooled?.score ?? null,
        taken: d?.taken ?? null,
        wallSeconds,
        cpuSeconds: cpuSeconds ?? null,
      };
    }),
};
writeFileSync(join(out, `${env}-sac-seed0.json`), `${JSON.stringify(summary, null, 2)}\n`);
copyFileSync(join(dir, "metrics.jsonl"), join(out, `${env}-sac-seed0.metrics.jsonl`));
if (existsSync(scoresFile))
  copyFileSync(scoresFile, join(out, `${env}-sac-seed0.data-scores.jsonl`));
const lastEval = summary.evaluations.at(-1);
const f = (x) => (typeof x === "number" ? x.toFixed(1) : "-");
console.log(
  `${env}: step ${summary.stepsDone}, last evaluation at ${lastEval?.step ?? "-"}: return ${f(lastEval?.evalReturnMean)} (deterministic), data score ${f(lastEval?.dataScore)}; ${f(summary.stepsPerSecondLast)} steps/s lately; medium ${summary.medium ? `step ${summary.medium.step}, data score ${f(summary.medium.data?.score)}` : "not yet"}; expert ${summary.expert ? `step ${summary.expert.step}, data score ${f(summary.expert.data?.score)}` : "not yet"}; ${(summary.wallSecondsDone / 3600).toFixed(2)} h wall, ${((summary.cpuSecondsDone ?? Number.NaN) / 3600).toFixed(2)} h CPU`,
);
