// `atradiff dataset info <file>`: sizes, episodes, return statistics, D4RL-normalized return and
// metadata of a dataset, as a table or JSON.
import { statSync } from "node:fs";
import { resolveDataset } from "../../data/dataDirectory.js";
import { type DatasetSummary, requireD4rlFamily, summarizeDataset } from "../../data/datasetSummary.js";
import type { SummaryStatistics } from "../../data/episodes.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { escapeControlCharacters } from "../../util/printable.js";

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

function stats(s: SummaryStatistics, digits = 2): string {
  return `mean ${fmt(s.mean, digits)}  std ${fmt(s.std, digits)}  min ${fmt(s.min, digits)}  max ${fmt(s.max, digits)}`;
}

function fileSize(path: string): string {
  const bytes = statSync(path).size;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function printSummary(file: string, layout: string, s: DatasetSummary): void {
  const t = s.transitions;
  const rows: [string, string][] = [
    ["file", `${file} (${layout === "d4rl" ? "D4RL" : "Minari"} layout, ${fileSize(file)})`],
    ["steps", `${s.steps}  (observation ${s.obsDim}, action ${s.actDim})`],
    [
      "episodes",
      `${s.episodes.count}  (${s.episodes.terminal} terminal, ${s.episodes.timeout} timed out, ${s.episodes.unfinished} unfinished)`,
    ],
    ["length", stats(s.episodeLength, 1)],
    [
      "return",
      s.episodeReturn.count > 0
        ? `${stats(s.episodeReturn)}  (${s.episodeReturn.count} finished episodes)`
        : "- (no episode ended with a terminal or time-out)",
    ],
    [
      "normalized",
      s.normalizedReturn
        ? `${fmt(s.normalizedReturn.mean)}  (D4RL score of the mean return; ${s.normalizedReturn.family} from ${
            s.normalizedReturn.from === "option" ? "--env" : "metadata"
          }, reference ${s.normalizedReturn.refMin} .. ${s.normalizedReturn.refMax})`
        : s.normalizedReturnUnavailable
          ? `- (${s.normalizedReturnUnavailable})`
          : "unknown env (pass --env, e.g. --env hopper)",
    ],
    [
      "transitions",
      `${t.count}  (next observation from ${t.nextObsSource}${
        t.droppedSteps > 0
          ? `; ${t.droppedSteps} episode-final steps without a recorded next observation left out`
          : ""
      }${t.placeholderNextObs > 0 ? `; ${t.placeholderNextObs} terminal steps with a stand-in next observation` : ""})`,
    ],
    [
      "infos",
      s.infos.qposDim === null && s.infos.qvelDim === null
        ? "none"
        : `qpos ${s.infos.qposDim ?? "none"}, qvel ${s.infos.qvelDim ?? "none"} per step`,
    ],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(12)} ${v}`);
  const keys = Object.keys(s.metadata).sort();
  console.log(keys.length === 0 ? "metadata     none" : "metadata");
  // Names and values are the file's own text: shown with control characters escaped.
  const shown = keys.map((k) => escapeControlCharacters(k));
  const width = Math.max(0, ...shown.map((k) => k.length));
  keys.forEach((k, i) => {
    const v = s.metadata[k];
    console.log(
      `  ${shown[i].padEnd(width)}  ${escapeControlCharacters(typeof v === "string" ? v : JSON.stringify(v))}`,
    );
  });
}

export async function datasetInfo(
  options: { env?: string; json?: boolean },
  [file]: string[],
): Promise<void> {
  if (options.env) requireD4rlFamily(options.env); // a bad --env fails before the file is read
  const path = resolveDataset(file);
  const { dataset: data, layout } = await readDatasetFile(path);
  const summary = summarizeDataset(data, { env: options.env });
  if (options.json) console.log(JSON.stringify({ file: path, layout, ...summary }, null, 2));
  else printSummary(path, layout, summary);
}
