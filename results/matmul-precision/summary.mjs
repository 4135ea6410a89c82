// Prints the fp32-vs-bf16 comparison of the runs in this folder (<name>-fp32/ and <name>-bf16/,
// written by scripts/bench/matmul-precision-training.mjs and `diffuser sample --fidelity --json`):
// the mean training loss over windows of steps, the per-step relative loss difference, and the
// next-state and reward NMSE per sampling seed.
//   node results/matmul-precision/summary.mjs
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const losses = (dir) =>
  readFileSync(join(dir, "loss.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).loss);
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const fmt = (x, d = 4) => x.toFixed(d);

for (const name of readdirSync(here).filter((n) => n.endsWith("-fp32"))) {
  const base = name.slice(0, -"-fp32".length);
  const [f32, b16] = [join(here, name), join(here, `${base}-bf16`)];
  if (!existsSync(b16)) continue;
  const [lf, lb] = [losses(f32), losses(b16)];
  const steps = Math.min(lf.length, lb.length);
  console.log(`## ${base} (${steps} steps)\n`);
  console.log("| steps | mean loss fp32 | mean loss bf16 | bf16 / fp32 - 1 |\n|---|---|---|---|");
  const span = Math.max(1, Math.ceil(steps / 6));
  for (let a = 0; a < steps; a += span) {
    const z = Math.min(steps, a + span);
    const [mf, mb] = [mean(lf.slice(a, z)), mean(lb.slice(a, z))];
    console.log(`| ${a + 1}-${z} | ${fmt(mf)} | ${fmt(mb)} | ${fmt(mb / mf - 1, 5)} |`);
  }
  const rel = lf.slice(0, steps).map((x, i) => Math.abs(lb[i] / x - 1));
  console.log(
    `\nper-step |bf16 / fp32 - 1|: mean ${fmt(mean(rel), 5)}, largest ${fmt(Math.max(...rel), 5)}; step 1: fp32 ${lf[0]}, bf16 ${lb[0]}\n`,
  );
  console.log("| sampling seed | next-state NMSE fp32 | bf16 | reward NMSE fp32 | bf16 |\n|---|---|---|---|---|");
  for (const seed of [0, 1]) {
    const file = `fidelity-seed${seed}.json`;
    if (!existsSync(join(f32, file)) || !existsSync(join(b16, file))) continue;
    const [ff, fb] = [f32, b16].map((d) => JSON.parse(readFileSync(join(d, file), "utf8")).fidelity);
    console.log(`| ${seed} | ${fmt(ff.stateNmse)} | ${fmt(fb.stateNmse)} | ${fmt(ff.rewardNmse)} | ${fmt(fb.rewardNmse)} |`);
  }
  console.log("");
}
