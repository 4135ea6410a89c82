// What `atradiff dataset info` reports about a dataset: sizes, episodes, return statistics, the
// D4RL-normalized mean return when the env is known, what the transition view keeps, the metadata.

import {
  D4RL_REFERENCE_RETURNS,
  type D4rlFamily,
  d4rlFamilyFromMetadata,
  d4rlFamilyOf,
  d4rlNormalizedScore,
} from "./d4rlScores.js";
import type { Dataset, Metadata } from "./dataset.js";
import {
  episodeEnd,
  episodeLengths,
  episodeReturns,
  type SummaryStatistics,
  summaryStatistics,
} from "./episodes.js";
import { countTransitions, type TransitionCounts } from "./transitions.js";

export interface NormalizedReturn {
  family: D4rlFamily;
  /** Where the env came from: the file's metadata or the caller (--env). */
  from: "metadata" | "option";
  refMin: number;
  refMax: number;
  mean: number;
}

export interface DatasetSummary {
  steps: number;
  obsDim: number;
  actDim: number;
  episodes: { count: number; terminal: number; timeout: number; unfinished: number };
  episodeLength: SummaryStatistics;
  /**
   * Returns of the episodes that ended (terminal or time-out), as the build records them: the
   * recording's cut-off last episode is not a whole episode and would pull the mean down.
   */
  episodeReturn: SummaryStatistics;
  normalizedReturn: NormalizedReturn | null;
  /** Why there is no normalized return although the env is known (AntMaze; no episode ended). */
  normalizedReturnUnavailable: string | null;
  transitions: TransitionCounts;
  infos: { qposDim: number | null; qvelDim: number | null };
  metadata: Metadata;
}

/** The family for `env` (an env or dataset name), or an error naming the known families. */
export function requireD4rlFamily(env: string): D4rlFamily {
  const family = d4rlFamilyOf(env);
  if (!family)
    throw new Error(
      `No D4RL reference returns for env "${env}"; expected a name containing one of ${Object.keys(D4RL_REFERENCE_RETURNS).join(", ")} (e.g. hopper-medium-v2).`,
    );
  return family;
}

export function summarizeDataset(dataset: Dataset, opts: { env?: string } = {}): DatasetSummary {
  const returns = episodeReturns(dataset);
  const finishedReturns: number[] = [];
  const ends = { terminal: 0, timeout: 0, unfinished: 0 };
  returns.forEach((episodeReturn, e) => {
    const end = episodeEnd(dataset, dataset.episodeOffsets[e + 1] - 1);
    ends[end]++;
    if (end !== "unfinished") finishedReturns.push(episodeReturn);
  });
  const episodeReturn = summaryStatistics(finishedReturns);
  const family = opts.env ? requireD4rlFamily(opts.env) : d4rlFamilyFromMetadata(dataset.metadata);
  // D4RL's AntMaze score is the success rate of evaluation episodes that end at the goal; dataset
  // episodes go on after reaching goals (sparse reward every step there), so their return has no score.
  const unavailable =
    family === "antmaze"
      ? "AntMaze scores are success rates of evaluation episodes; dataset episodes continue past their goals"
      : family !== null && episodeReturn.count === 0
        ? "no episode ended with a terminal or time-out"
        : null;
  const normalizedReturn: NormalizedReturn | null =
    family && !unavailable
      ? {
          family,
          from: opts.env ? "option" : "metadata",
          refMin: D4RL_REFERENCE_RETURNS[family].min,
          refMax: D4RL_REFERENCE_RETURNS[family].max,
          mean: d4rlNormalizedScore(family, episodeReturn.mean),
        }
      : null;
  return {
    steps: dataset.size,
    obsDim: dataset.obsDim,
    actDim: dataset.actDim,
    episodes: { count: returns.length, ...ends },
    episodeLength: summaryStatistics(episodeLengths(dataset)),
    episodeReturn,
    normalizedReturn,
    normalizedReturnUnavailable: unavailable,
    transitions: countTransitions(dataset),
    infos: { qposDim: dataset.qpos?.cols ?? null, qvelDim: dataset.qvel?.cols ?? null },
    metadata: dataset.metadata,
  };
}
