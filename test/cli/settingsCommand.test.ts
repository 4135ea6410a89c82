// `atradiff settings` as a user runs it: the one page, its section filter, --json, and a wrong
// section refused in one sentence.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { CLI } from "../experiments/cliRunner.js";

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
}

test("atradiff settings prints every section, a filtered section, and JSON for machines", () => {
  const all = cli("settings");
  assert.equal(all.status, 0, all.stderr);
  for (const section of ["[run]", "[buffer]", "[generator]", "[edm]", "[sac]", "[walker-training]"])
    assert.ok(all.stdout.includes(section), section);
  const edm = cli("settings", "edm");
  assert.match(edm.stdout, /^\[edm\] /);
  assert.match(edm.stdout, /^ {2}sampleSteps +128 +Sampler steps N/m);
  assert.doesNotMatch(edm.stdout, /\[run\]/);
  const json = JSON.parse(cli("settings", "buffer", "--json").stdout);
  assert.equal(json.length, 1);
  assert.deepEqual(
    json[0].settings.find((r: { path: string }) => r.path === "rho"),
    {
      path: "rho",
      default: "0.5",
      kind: "number",
      doc: "rho: the probability that a sampled transition comes from D_s (§4.2); below 1.",
    },
  );
  const wrong = cli("settings", "edn");
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /Unknown settings section "edn"; valid sections: run, preprocessing, /);
});
