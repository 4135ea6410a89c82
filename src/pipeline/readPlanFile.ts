// A user's pipeline plan from a JSON file (`atradiff experiment <plan.json>`): its shape is checked
// here, its contents by checkPlan.ts. Relative paths in it are relative to the current directory.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { parseSettings } from "../experiments/job/runConfig.js";
import type { PipelinePlan } from "./pipelinePlan.js";

const text = z
  .string({ invalid_type_error: "a string", required_error: "a string" })
  .min(1, "a non-empty string");
const count = z
  .number({ invalid_type_error: "a positive integer" })
  .int("a positive integer")
  .min(1, "a positive integer");
const settings = z.record(z.unknown(), { invalid_type_error: "an object of settings" });
const run = z.object({ name: text, dir: text, settings, later: z.boolean().optional() }).strict();

const planSchema = z
  .object({
    title: text,
    datasets: z
      .array(
        z
          .object({
            name: text,
            path: text,
            size: count.optional(),
            seed: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .default([]),
    generators: z
      .array(
        z
          .object({
            dataset: text,
            dir: text,
            settings: settings.default({}),
            saveEvery: count.default(1000),
          })
          .strict(),
      )
      .default([]),
    generatorCuts: z
      .array(
        z.object({ from: text, dataset: text, windowLengths: z.array(count).min(1), dir: text }).strict(),
      )
      .optional(),
    synther: z
      .array(z.object({ dataset: text, file: text, settings: settings.default({}) }).strict())
      .default([]),
    runs: z.array(run),
    parallel: count.optional(),
    report: z
      .object({
        dir: text,
        tableSteps: z.array(count).default([25_000, 50_000, 100_000]),
        publish: z.boolean().default(false),
        alsoRuns: z.array(run).optional(),
      })
      .strict(),
  })
  .strict();

export function readPlanFile(path: string): PipelinePlan {
  if (!existsSync(path)) throw new Error(`The plan file ${path} does not exist.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`The plan file ${path} is not valid JSON (${(err as Error).message}).`);
  }
  return parseSettings(planSchema, raw, (key) => `"${key}" in ${path}`) as PipelinePlan;
}
