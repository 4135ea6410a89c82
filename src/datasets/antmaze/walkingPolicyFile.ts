// The walking policy's file: a behavior policy file (behaviorPolicy.ts) whose metadata also holds
// the walking task it was trained on ("walkingTask", JSON), because the collector must cap the
// goal offset it feeds the policy at the same maxGoalDistance (walkerObservation.ts).
import { rmSync } from "node:fs";
import type { SoftActorCritic } from "../../agents/softActorCritic.js";
import { readSafetensors, readSafetensorsMetadata, writeSafetensors } from "../../nn/safetensorsFile.js";
import { tempPathFor } from "../../util/atomicWrite.js";
import { type BehaviorPolicyInfo, saveBehaviorPolicy } from "../behaviorPolicy.js";
import type { AntWalkingTask } from "./antWalkingEnv.js";
import { walkingTaskSchema } from "./walkerTrainingSettings.js";

const TASK_KEY = "walkingTask";

type SavedInfo = Parameters<typeof saveBehaviorPolicy>[2];

/** Writes the agent's actor with its info and walking task (atomically). */
export function saveWalkingPolicy(
  path: string,
  agent: SoftActorCritic,
  info: SavedInfo,
  task: AntWalkingTask,
): void {
  const tmp = tempPathFor(path);
  try {
    saveBehaviorPolicy(tmp, agent, info);
    const { tensors, metadata } = readSafetensors(tmp);
    writeSafetensors(path, tensors, { ...metadata, [TASK_KEY]: JSON.stringify(task) });
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The walking task a walking-policy file was trained on. */
export function readWalkingTask(path: string, info?: BehaviorPolicyInfo): AntWalkingTask {
  const text = readSafetensorsMetadata(path)[TASK_KEY];
  const what = info ? `${path} (a ${info.env} ${info.kind} policy)` : path;
  if (text === undefined)
    throw new Error(`${what} has no "${TASK_KEY}" in its metadata; expected an ant walking policy.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const r = walkingTaskSchema.safeParse(parsed);
  if (!r.success) throw new Error(`${what} has an invalid "${TASK_KEY}" in its metadata: ${text}.`);
  return r.data;
}
