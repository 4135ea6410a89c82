// Reports over training runs: learning curves (median and 25-75% band over seeds), score tables.
export * from "./curvesChart.js";
export * from "./learningCurves.js";
export * from "./metricsCsv.js";
export * from "./quantiles.js";
export * from "./reportHtml.js";
export * from "./runSeries.js";
export * from "./scoreTable.js";
export * from "./writeReport.js";
