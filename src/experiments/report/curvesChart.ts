// The learning-curve chart: one panel per env, one colour per method, the median over seeds as a
// line and the 25-75% band as a shaded area (vega-lite, rendered to SVG in Node without a browser;
// resvg turns the SVG into a PNG).
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import * as vegaLite from "vega-lite";
import type { MethodCurve } from "./learningCurves.js";

const METRIC_LABEL = { score: "D4RL-normalized score", return: "evaluation return" } as const;

/** The panel title of a curve: its env and what the y-axis shows. */
export function panelTitle(c: MethodCurve): string {
  return `${c.env} (${METRIC_LABEL[c.metric]})`;
}

export function curvesSpec(curves: readonly MethodCurve[]): TopLevelSpec {
  const values = curves.flatMap((c) =>
    c.points.map((p) => ({
      panel: panelTitle(c),
      method: c.method,
      step: p.step,
      median: p.median,
      q25: p.q25,
      q75: p.q75,
      seeds: p.count,
    })),
  );
  // Steps are whole numbers: "~s" labels them 5k, 25k, 100k, and tickMinStep keeps a run with one
  // evaluation (a single point) from getting fractional ticks such as 3,000.000000.
  const x = {
    field: "step",
    type: "quantitative",
    title: "env steps",
    axis: { format: "~s", tickMinStep: 1 },
  } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values },
    facet: { field: "panel", type: "nominal", title: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 320,
      height: 220,
      layer: [
        {
          mark: { type: "area", opacity: 0.2 },
          encoding: {
            x,
            y: { field: "q25", type: "quantitative", title: "median, 25-75% band" },
            y2: { field: "q75" },
            color: { field: "method", type: "nominal" },
          },
        },
        {
          mark: { type: "line", point: { size: 12 } },
          encoding: {
            x,
            y: { field: "median", type: "quantitative" },
            color: { field: "method", type: "nominal", title: "method" },
            tooltip: [
              { field: "method" },
              { field: "step" },
              { field: "median", format: ".2f" },
              { field: "q25", format: ".2f" },
              { field: "q75", format: ".2f" },
              { field: "seeds" },
            ],
          },
        },
      ],
    },
    // labelLimit 0: a method label, e.g. "sac + atradiff (k <= 15)", is never cut short.
    config: { background: "white", font: "sans-serif", legend: { labelLimit: 0 } },
  };
}

export function curvesSvg(curves: readonly MethodCurve[]): Promise<string> {
  return specSvg(curvesSpec(curves));
}

/** A vega-lite chart rendered to SVG (no browser). */
export async function specSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Uint8Array {
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render();
  return png.asPng();
}
