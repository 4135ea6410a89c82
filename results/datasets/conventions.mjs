// Checks every built dataset of a data directory against D4RL's conventions
// (src/datasets/d4rlConventions.ts: flags, the 1000-step limit, chained rows, infos/qpos and
// infos/qvel) and that h5py (Debian's python3-h5py) reads it with the same keys, shapes and reward
// sum; prints a markdown table.
// Usage: node results/datasets/conventions.mjs [<data dir>] > results/datasets/conventions.md
// (after `npm run build`; the data directory defaults to $ATRADIFF_DATA or ~/.atradiff/data).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { readDatasetFile } from "../../dist/src/data/hdf5/readDatasetFile.js";
import { checkD4rlConventions } from "../../dist/src/datasets/d4rlConventions.js";

const dataDir = process.argv[2] ?? process.env.ATRADIFF_DATA ?? join(homedir(), ".atradiff", "data");
const NEVER_TERMINATES = new Set(["halfcheetah"]);
const TIME_LIMIT = 1000;

// Keys with their shapes and the rewards' sum, as h5py reads them.
const H5PY_SUMMARY = `
import h5py, json, sys
f = h5py.File(sys.argv[1], "r")
out = {}
f.visititems(lambda n, o: out.__setitem__(n, list(o.shape)) if isinstance(o, h5py.Dataset) else None)
print(json.dumps({"shapes": out, "rewardSum": float(f["rewards"][:].astype("float64").sum())}))
`;

function h5pySummary(path) {
  const r = spawnSync("/usr/bin/python3", ["-c", H5PY_SUMMARY, path], { encoding: "utf8" });
  if (r.status !== 0) return { error: r.stderr.trim().split("\n").at(-1) };
  return JSON.parse(r.stdout);
}

console.log("| dataset | rows | episodes | terminals | timeouts | 1000-step episodes | D4RL conventions | h5py reads it |");
console.log("|---|---|---|---|---|---|---|---|");
for (const file of readdirSync(dataDir).filter((f) => f.endsWith(".hdf5")).sort()) {
  const path = join(dataDir, file);
  const { dataset } = await readDatasetFile(path);
  const env = String(dataset.metadata.env ?? file.split("-")[0]);
  if (env.startsWith("antmaze") || env === "pendulum") continue;
  const check = checkD4rlConventions(dataset, { timeLimit: TIME_LIMIT, envTerminates: !NEVER_TERMINATES.has(env) });
  const h5 = h5pySummary(path);
  let h5py = "no";
  if (h5.error) h5py = `no: ${h5.error}`;
  else {
    const ourSum = dataset.rewards.reduce((a, b) => a + b, 0);
    const keys = ["observations", "actions", "rewards", "terminals", "timeouts", "next_observations", "infos/qpos", "infos/qvel"];
    const missing = keys.filter((k) => !h5.shapes[k] || h5.shapes[k][0] !== dataset.size);
    h5py =
      missing.length > 0
        ? `no: ${missing.join(", ")} missing or of another length`
        : Math.abs(h5.rewardSum - ourSum) <= 1e-6 * Math.max(1, Math.abs(ourSum))
          ? "yes (keys, lengths, reward sum)"
          : `no: reward sum ${h5.rewardSum} vs ${ourSum}`;
  }
  const verdict = check.violations.length === 0 ? "followed" : check.violations.join(" ");
  console.log(
    `| ${file.replace(/\.hdf5$/, "")} | ${dataset.size} | ${check.episodes} | ${check.terminals} | ${check.timeouts} | ${check.fullLength} | ${verdict} | ${h5py} |`,
  );
}
