// The files `atradiff report` writes into its output directory (a report's own, or a run's).
export const REPORT_FILES = [
  "report.html",
  "curves.svg",
  "curves.png",
  "scores.md",
  "scores.json",
  "metrics.csv",
] as const;

/** The directory of TensorBoard event files that `report --tensorboard` adds (tensorboardScalars.ts). */
export const TENSORBOARD_DIR = "tensorboard";

export function isReportFile(name: string): boolean {
  return (REPORT_FILES as readonly string[]).includes(name) || name === TENSORBOARD_DIR;
}
