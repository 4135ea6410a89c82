// Reads Minari's layout (D4RL's successor): one group per episode, episode_0, episode_1, ...
// each with observations (T+1 rows: the reset observation and the one after every step), actions,
// rewards, terminations, truncations (T rows each). Episodes are concatenated in numeric order into
// the D4RL convention: observations = rows 0..T-1, next_observations = rows 1..T, so every step,
// including each episode's last, has its recorded next observation.
import { type Dataset, makeDataset } from "../dataset.js";
import { readAttributes } from "./attributes.js";
import {
  type ColumnInfo,
  checkDeclaredSizes,
  columnTypeName,
  describeColumn,
  readFlagRows,
  readFloatRows,
} from "./columnReader.js";
import { DatasetFileError } from "./datasetFileError.js";
import type { OpenHdf5 } from "./openHdf5.js";

const EPISODE_GROUP = /^episode_(\d+)$/;

export function minariEpisodeNames(keys: string[]): string[] {
  return keys
    .filter((k) => EPISODE_GROUP.test(k))
    .sort((a, b) => Number(EPISODE_GROUP.exec(a)![1]) - Number(EPISODE_GROUP.exec(b)![1]));
}

interface EpisodeColumns {
  steps: number;
  observations: ColumnInfo;
  actions: ColumnInfo;
  rewards: ColumnInfo;
  terminations: ColumnInfo;
  truncations: ColumnInfo;
}

function column(f: OpenHdf5, episode: string, key: string): ColumnInfo {
  const name = `${episode}/${key}`;
  const info = describeColumn(f, name);
  if (info === "missing")
    throw new DatasetFileError(f.path, `it has no '${name}'; every Minari episode needs ${key}`);
  if (typeof info === "string") {
    const hint =
      key === "observations" && info.startsWith("a group")
        ? " (dictionary observations are not supported)"
        : "";
    throw new DatasetFileError(f.path, `it has '${name}' as ${info}${hint}; expected an array`);
  }
  return info;
}

function describeEpisode(
  f: OpenHdf5,
  episode: string,
  obsDim: number | null,
  actDim: number | null,
): EpisodeColumns {
  const rewards = column(f, episode, "rewards");
  const steps = rewards.rows;
  const observations = column(f, episode, "observations");
  const actions = column(f, episode, "actions");
  const terminations = column(f, episode, "terminations");
  const truncations = column(f, episode, "truncations");
  if (steps === 0) throw new DatasetFileError(f.path, `'${episode}' has 0 steps; expected at least one`);
  if (observations.rows !== steps + 1)
    throw new DatasetFileError(
      f.path,
      `'${episode}/observations' has ${observations.rows} rows but '${episode}/rewards' has ${steps}; Minari stores T+1 observations for T steps`,
    );
  for (const c of [actions, rewards, terminations, truncations])
    if (c.rows !== steps)
      throw new DatasetFileError(
        f.path,
        `'${c.name}' has ${c.rows} rows but '${episode}/rewards' has ${steps}; expected one row per step`,
      );
  for (const c of [observations, actions])
    if (c.shape.length !== 2 || c.kind !== "float")
      throw new DatasetFileError(
        f.path,
        `'${c.name}' is ${columnTypeName(c)} of shape [${c.shape.join(", ")}]; expected a 2-D float array`,
      );
  if (rewards.cols !== 1)
    throw new DatasetFileError(
      f.path,
      `'${rewards.name}' has shape [${rewards.shape.join(", ")}]; expected (${steps},)`,
    );
  if (obsDim !== null && observations.cols !== obsDim)
    throw new DatasetFileError(
      f.path,
      `'${observations.name}' has ${observations.cols} columns but earlier episodes have ${obsDim}`,
    );
  if (actDim !== null && actions.cols !== actDim)
    throw new DatasetFileError(
      f.path,
      `'${actions.name}' has ${actions.cols} columns but earlier episodes have ${actDim}`,
    );
  return { steps, observations, actions, rewards, terminations, truncations };
}

export function readMinariLayout(f: OpenHdf5, episodeNames: string[]): Dataset {
  // Pass 1: shapes only, to size the arrays. Pass 2: read each episode into place.
  const episodes: EpisodeColumns[] = [];
  let size = 0;
  for (const name of episodeNames) {
    const first = episodes[0];
    const e = describeEpisode(f, name, first?.observations.cols ?? null, first?.actions.cols ?? null);
    episodes.push(e);
    size += e.steps;
  }
  // Observations are read twice (as observations and as next observations).
  checkDeclaredSizes(
    f,
    episodes.flatMap((e): [ColumnInfo, number][] => [
      [e.observations, 8],
      [e.actions, 4],
      [e.rewards, 4],
      [e.terminations, 1],
      [e.truncations, 1],
    ]),
  );
  const obsDim = episodes[0].observations.cols;
  const actDim = episodes[0].actions.cols;
  const observations = new Float32Array(size * obsDim);
  const nextObservations = new Float32Array(size * obsDim);
  const actions = new Float32Array(size * actDim);
  const rewards = new Float32Array(size);
  const terminals = new Uint8Array(size);
  const timeouts = new Uint8Array(size);
  let row = 0;
  for (const e of episodes) {
    readFloatRows(f, e.observations, 0, e.steps, observations, row);
    readFloatRows(f, e.observations, 1, e.steps, nextObservations, row);
    readFloatRows(f, e.actions, 0, e.steps, actions, row);
    readFloatRows(f, e.rewards, 0, e.steps, rewards, row);
    readFlagRows(f, e.terminations, 0, e.steps, terminals, row);
    readFlagRows(f, e.truncations, 0, e.steps, timeouts, row);
    // Minari ends every episode with a termination or truncation; mark a missing one as a time-out
    // so episodes never run into each other.
    if (!terminals[row + e.steps - 1] && !timeouts[row + e.steps - 1]) timeouts[row + e.steps - 1] = 1;
    row += e.steps;
  }
  return makeDataset({
    obsDim,
    actDim,
    observations,
    actions,
    rewards,
    terminals,
    timeouts,
    nextObservations,
    metadata: readAttributes(f.file),
  });
}
