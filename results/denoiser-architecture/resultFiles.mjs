// What the result scripts of this folder share: their command line (bench result files, --force),
// the refusal to overwrite without --force, and writing a table with its vega-lite chart (SVG, PNG).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (...path) => import(pathToFileURL(join(here, "..", "..", "dist", "src", ...path)).href);

/**
 * The bench result files given on the command line and the output paths (table `<md>`, chart
 * `<chart>.svg/.png` in this folder); exits with one sentence when none is given, or when the outputs
 * exist and --force is not given.
 */
export function resultFiles(script, md, chart) {
  const args = process.argv.slice(2);
  const inputs = args.filter((a) => a !== "--force");
  const out = { md: join(here, md), svg: join(here, `${chart}.svg`), png: join(here, `${chart}.png`) };
  if (inputs.length === 0) {
    console.error(`Give the bench results: node ${script} [--force] <bench.json> ...`);
    process.exit(1);
  }
  if (!args.includes("--force") && Object.values(out).some((f) => existsSync(f))) {
    console.error(`${here} already holds the results; pass --force to regenerate them.`);
    process.exit(1);
  }
  return { inputs, out };
}

/** Renders the vega-lite spec and writes the table and the chart atomically. */
export async function writeTableAndChart(out, lines, spec) {
  const { writeFileAtomic } = await dist("util", "atomicWrite.js");
  const { svgToPng } = await dist("experiments", "report", "curvesChart.js");
  const vega = await import("vega");
  const vegaLite = await import("vega-lite");
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  writeFileAtomic(out.md, `${lines.join("\n")}\n`);
  writeFileAtomic(out.svg, svg);
  writeFileAtomic(out.png, svgToPng(svg));
  console.log(lines.join("\n"));
}

/** The median of the values. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
