// `atradiff resume <dir>`: continues every unfinished seed of a training job from its latest
// checkpoint (a seed without one starts over); the result is the same as an uninterrupted run.
import { jobStatus } from "../seeds/jobDirectory.js";
import { runJobSeeds } from "./runJobSeeds.js";

export async function resumeCommand(opts: { parallel?: number }, [dir]: string[]): Promise<void> {
  const { config, seeds } = jobStatus(dir);
  const unfinished = seeds.filter((s) => !s.finished);
  for (const s of seeds.filter((x) => x.finished)) console.log(`seed ${s.seed}: already finished`);
  if (unfinished.length === 0) {
    console.log(`Every seed of ${dir} has finished; nothing to resume.`);
    return;
  }
  await runJobSeeds(dir, unfinished, config.steps, opts.parallel);
}
