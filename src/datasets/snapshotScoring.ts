// The selection rule of a behavior-policy run (policyTrainingSettings.ts describes it): score a
// snapshot's data and say whether it is taken as the medium or the expert policy, the fallbacks
// (the closest snapshot when the scores pass the medium target, the highest-scored as the expert
// when none comes near it), and the rules' wording for the files that record them.
// A snapshot's episodes are seeded by (run seed, step, phase) alone, so a resumed run that repeats
// a step bit for bit scores its snapshot the same.
import type { D4rlFamily } from "../data/d4rlScores.js";
import type { Env } from "../envs/types.js";
import { BehaviorPolicy } from "./behaviorPolicy.js";
import { dataScoreOf, sampledEpisodeReturns } from "./dataScore.js";
import type { PolicyTrainingSettings } from "./policyTrainingSettings.js";
import type { DataScoreRecord } from "./trainingDirectory.js";

export type SnapshotKind = "medium" | "expert";

/** Episode seeds of the screen and of the confirmation. */
const SCREEN = 0;
const CONFIRM = 1;

export function targetOf(s: PolicyTrainingSettings, kind: SnapshotKind): number {
  return kind === "medium" ? s.mediumDataScore : s.expertDataScore;
}

/** How a snapshot was taken, as its policy file and record say. */
export function windowRule(s: PolicyTrainingSettings, kind: SnapshotKind): string {
  const first = kind === "medium" ? "the first snapshot" : "the first snapshot after the medium one";
  return `${first} whose data (sampled actions, ${s.dataScoreEpisodes}+${s.confirmEpisodes} episodes) scores within ${s.dataScoreTolerance} points of ${targetOf(s, kind)} (D4RL-normalized)`;
}
export const HIGHEST_SCORED_RULE =
  "no snapshot came within the tolerance of the expert target: the snapshot of highest screened data score of the whole run (earliest on ties)";

/**
 * Scores the snapshot policy file of `step` for the targets still `open` (at most one is near a
 * screened score: D4RL's medium and expert are 40+ points apart), confirming a candidate.
 */
export function scoreSnapshot(
  path: string,
  step: number,
  opts: { settings: PolicyTrainingSettings; family: D4rlFamily; env: Env; open: SnapshotKind[] },
): DataScoreRecord {
  const { settings: s, family, env } = opts;
  const policy = BehaviorPolicy.load(path);
  try {
    const screened = sampledEpisodeReturns(policy, env, s.dataScoreEpisodes, [s.seed, step, SCREEN]);
    const screen = dataScoreOf(family, screened.returns, screened.steps);
    const record: DataScoreRecord = { step, screen };
    const near = opts.open.find((k) => Math.abs(screen.score - targetOf(s, k)) <= s.screenTolerance);
    if (!near) return record;
    const more = sampledEpisodeReturns(policy, env, s.confirmEpisodes, [s.seed, step, CONFIRM]);
    const pooled = dataScoreOf(family, [...screened.returns, ...more.returns], screened.steps + more.steps);
    record.candidateFor = near;
    record.pooled = pooled;
    if (Math.abs(pooled.score - targetOf(s, near)) <= s.dataScoreTolerance) record.taken = near;
    return record;
  } finally {
    policy.dispose();
  }
}

/** The record of highest screened score at or before `upTo` (the earliest on ties), or null. */
export function highestScored(records: readonly DataScoreRecord[], upTo: number): DataScoreRecord | null {
  let best: DataScoreRecord | null = null;
  for (const r of records) if (r.step <= upTo && (!best || r.screen.score > best.screen.score)) best = r;
  return best;
}

export const PASSED_WINDOW_RULE =
  "the data scores passed the medium target without a snapshot within the tolerance: the snapshot so far whose data score (over all its episodes) is closest to the target";

/**
 * Whether a snapshot screened above the medium window (target + screenTolerance): the scores have
 * passed the target, and waiting for a later snapshot to come back into the window could take the
 * whole run.
 */
export function passedMediumWindow(s: PolicyTrainingSettings, r: DataScoreRecord): boolean {
  return r.screen.score > s.mediumDataScore + s.screenTolerance;
}

/** The record up to `upTo` whose score (pooled when confirmed) is closest to the medium target, the earliest on ties. */
export function closestToMedium(
  s: PolicyTrainingSettings,
  records: readonly DataScoreRecord[],
  upTo: number,
): DataScoreRecord {
  let best: DataScoreRecord | null = null;
  const gap = (r: DataScoreRecord) => Math.abs((r.pooled ?? r.screen).score - s.mediumDataScore);
  for (const r of records) if (r.step <= upTo && (!best || gap(r) < gap(best))) best = r;
  if (!best) throw new Error(`No snapshot was scored up to step ${upTo}.`);
  return best;
}
