// The conventions of D4RL's locomotion datasets that a user's code relies on, checked on a dataset:
//   - infos/qpos and infos/qvel hold the simulator state of every row;
//   - a timeout marks the time limit's step (row 1000 of an episode) and nothing else, and no
//     episode runs past the limit (a missed timeout merges two episodes: too long, rows unchained) (a step that both terminates and reaches the limit is
//     a terminal here: Gymnasium's semantics, see rolloutCollector.ts);
//   - a terminal marks a real termination: never on an env that cannot terminate (halfcheetah),
//     never together with a timeout, never after the limit;
//   - rows chain: within an episode, a row's next observation is the next row's observation (a
//     reset without a flag would break this); episodes end at a flag, or at the dataset's last row
//     (the dataset's size cut it).
// Whether a terminal coincides with the env's own termination condition needs the simulator: the
// tests replay short builds for that (test/datasetBuild/resimulate.ts).
import type { Dataset } from "../data/dataset.js";

export interface ConventionCheck {
  /** One sentence per violated convention (the first offending row of each), empty when none. */
  violations: string[];
  episodes: number;
  terminals: number;
  timeouts: number;
  /** Episodes of exactly `timeLimit` steps. */
  fullLength: number;
}

export function checkD4rlConventions(
  data: Dataset,
  opts: { timeLimit: number; envTerminates: boolean },
): ConventionCheck {
  const violations: string[] = [];
  const once = new Set<string>();
  const fail = (kind: string, sentence: string) => {
    if (once.has(kind)) return;
    once.add(kind);
    violations.push(sentence);
  };
  if (!data.qpos || data.qpos.values.length !== data.size * data.qpos.cols)
    fail("qpos", "infos/qpos is missing or does not have one row per step.");
  if (!data.qvel || data.qvel.values.length !== data.size * data.qvel.cols)
    fail("qvel", "infos/qvel is missing or does not have one row per step.");
  const out: ConventionCheck = { violations, episodes: 0, terminals: 0, timeouts: 0, fullLength: 0 };
  const offsets = data.episodeOffsets;
  const d = data.obsDim;
  for (let e = 0; e + 1 < offsets.length; e++) {
    const start = offsets[e];
    const end = offsets[e + 1];
    const length = end - start;
    const last = end - 1;
    out.episodes++;
    if (length === opts.timeLimit) out.fullLength++;
    const terminal = data.terminals[last] === 1;
    const timeout = data.timeouts[last] === 1;
    if (terminal) out.terminals++;
    if (timeout) out.timeouts++;
    if (terminal && timeout) fail("both", `Row ${last} is both a terminal and a timeout.`);
    if (length > opts.timeLimit)
      fail(
        "long",
        `The episode starting at row ${start} runs ${length} steps, past the ${opts.timeLimit}-step limit.`,
      );
    if (timeout && length !== opts.timeLimit)
      fail(
        "timeout",
        `Row ${last} is a timeout after ${length} steps, not at the ${opts.timeLimit}-step limit.`,
      );
    if (terminal && !opts.envTerminates)
      fail(
        "terminal",
        `Row ${last} is a terminal, but this env never terminates (only its time limit ends episodes).`,
      );
    if (data.nextObservations)
      for (let row = start; row + 1 < end; row++)
        for (let i = 0; i < d; i++)
          if (data.nextObservations[row * d + i] !== data.observations[(row + 1) * d + i]) {
            fail(
              "chain",
              `Row ${row}'s next observation is not row ${row + 1}'s observation, within one episode.`,
            );
            break;
          }
  }
  return out;
}
