// `atradiff demo` (`npm start`): the headline demo, SAC and SAC+ATraDiff side by side on hopper
// (demoPlan.ts), resumable: run it again after Ctrl-C and it continues.
import { demoPlan } from "../demoPlan.js";
import { runPlanCommand } from "./runPlan.js";

export interface DemoCommandOptions {
  out?: string;
  parallel?: number;
  force?: boolean;
}

export async function demoCommand(opts: DemoCommandOptions): Promise<void> {
  const plan = demoPlan({ root: opts.out, parallel: opts.parallel });
  await runPlanCommand(plan, opts.out ? `atradiff demo --out ${opts.out}` : "npm start", Boolean(opts.force));
}
