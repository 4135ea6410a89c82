// Prints the markdown table of the built datasets (results/datasets/<name>.json, the output of
// `atradiff dataset build <name> --json`) next to the D4RL values commonly quoted for the same names.
// Usage: node results/datasets/table.mjs > results/datasets/table.md
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

// D4RL v2 datasets' normalized returns as commonly quoted; not checked against D4RL's files here.
const D4RL_QUOTED = {
  "hopper-random": "~1.2",
  "hopper-medium": "~44-47",
  "hopper-medium-replay": "varies (~15-20)",
  "hopper-expert": "~108-111",
  "hopper-medium-expert": "~65-77",
  "halfcheetah-random": "~0",
  "halfcheetah-medium": "~40-42",
  "halfcheetah-medium-replay": "~27",
  "halfcheetah-expert": "~88",
  "halfcheetah-medium-expert": "~64 (mean of the halves)",
  "walker2d-random": "~0",
  "walker2d-medium": "~62-64",
  "walker2d-expert": "~107",
  "walker2d-medium-expert": "~85 (mean of the halves)",
};

function duration(s) {
  if (s === null || s === undefined) return "-";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Training time up to the step a policy was taken, from its run's summary: policy-runs/ (chosen by
 * the data's score, the policy's metadata has a data score) or policy-training/ (the older rule).
 */
function trainingSeconds(env, step, byDataScore) {
  try {
    const dir = byDataScore ? "policy-runs" : "policy-training";
    const run = JSON.parse(readFileSync(join(here, dir, `${env}-sac-seed0.json`), "utf8"));
    return run.evaluations.find((e) => e.step === step)?.wallSeconds ?? null;
  } catch {
    return null;
  }
}

const rows = readdirSync(here)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(here, f), "utf8")))
  .sort((a, b) => a.name.localeCompare(b.name));

console.log(
  "| dataset | rows | episodes | mean return (std) | normalized | D4RL (quoted) | behavior policy | policy training | collection |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const m = r.metadata;
  const ret = r.returns ? `${r.returns.mean.toFixed(1)} (${r.returns.std.toFixed(1)})` : "-";
  const score = r.returns?.normalizedScore?.toFixed(1) ?? "-";
  const policy =
    m.policy_training_step !== undefined
      ? `SAC step ${m.policy_training_step}, ${m.policy_data_score !== undefined ? `data score ${Number(m.policy_data_score).toFixed(1)}` : `eval ${Number(m.policy_eval_return_mean).toFixed(0)}`}`
      : m.recipe === "medium-expert"
        ? `medium step ${m.medium_policy_training_step}, expert step ${m.expert_policy_training_step}`
        : "uniform random";
  const step = m.policy_training_step ?? m.expert_policy_training_step;
  const byDataScore = m.policy_data_score !== undefined || m.expert_policy_data_score !== undefined;
  const training =
    r.seconds.policyTraining ?? (step === undefined ? null : trainingSeconds(m.env, step, byDataScore));
  console.log(
    `| ${r.name} | ${r.rows} | ${r.episodes} | ${ret} | ${score} | ${D4RL_QUOTED[r.name] ?? "-"} | ${policy} | ${duration(training)} | ${duration(r.seconds.collection)} |`,
  );
}
