// A user's pipeline plan from a JSON file (`atradiff experiment <plan.json>`): its shape is checked
// here, its contents by checkPlan.ts. Relative paths in it are relative to the current directory.
import { existsSync, readFileSync } from "node:fs";
import { parseSettings } from "../experiments/job/runConfig.js";
import { planFileSchema } from "../settings/experiments.js";
import type { PipelinePlan } from "./pipelinePlan.js";

export function readPlanFile(path: string): PipelinePlan {
  if (!existsSync(path)) throw new Error(`The plan file ${path} does not exist.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`The plan file ${path} is not valid JSON (${(err as Error).message}).`);
  }
  return parseSettings(planFileSchema, raw, (key) => `"${key}" in ${path}`) as PipelinePlan;
}
