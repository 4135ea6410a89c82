// `atradiff env render <id>`: plays one episode with seeded random actions and writes a filmstrip
// PNG of evenly spaced frames (and, with --gif, an animated GIF of the whole episode).
import { type Command, InvalidArgumentError } from "commander";
import { integerText } from "./intOptions.js";

export interface EnvRenderOptions {
  out: string;
  policy: string;
  frames: number;
  size: number;
  steps: number;
  seed: number;
  gif?: string;
  columns?: number;
  distance?: number;
  elevation?: number;
  azimuth?: number;
  lookat?: [number, number, number];
  fixed?: boolean;
  samples: number;
  keepGoing?: boolean;
  force?: boolean;
}

const POLICIES = ["random"];

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const v = integerText(text);
    if (v === null || v < min || v > max)
      throw new InvalidArgumentError(`Expected an integer in [${min}, ${max}].`);
    return v;
  };
}

function point(text: string): [number, number, number] {
  const parts = text.split(",").map((t) => Number(t.trim()));
  if (parts.length !== 3 || text.split(",").some((t) => t.trim() === "") || !parts.every(Number.isFinite))
    throw new InvalidArgumentError("Expected three numbers x,y,z.");
  return [parts[0], parts[1], parts[2]];
}

function finite(text: string): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v)) throw new InvalidArgumentError("Expected a number.");
  return v;
}

export function registerEnvRenderCommand(env: Command): void {
  env
    .command("render")
    .description(
      "render an episode (seeded random actions) as a filmstrip PNG and optionally an animated GIF",
    )
    .argument("<id>", "environment id (see `atradiff env list`); MuJoCo environments only")
    .requiredOption("--out <file.png>", "filmstrip PNG to write")
    .option("--policy <name>", `how actions are chosen: ${POLICIES.join(", ")}`, "random")
    .option("--frames <n>", "frames in the filmstrip, evenly spaced over the episode", integer(1, 256), 8)
    .option("--size <pixels>", "side of each square frame", integer(8, 2048), 84)
    .option(
      "--steps <n>",
      "at most this many env steps (the episode may end sooner)",
      integer(1, 100000),
      100,
    )
    .option("--seed <s>", "seed of the env reset and of the random actions", integer(0), 0)
    .option("--gif <file.gif>", "also write the episode as an animated GIF (plays in real time)")
    .option("--columns <n>", "filmstrip frames per row (default: all in one row, at most 8)", integer(1, 256))
    .option("--distance <m>", "camera distance from the robot (default: per environment)", finite)
    .option("--elevation <deg>", "camera elevation, negative looks down (default: per environment)", finite)
    .option("--azimuth <deg>", "camera azimuth, 90 looks along +y (default: per environment)", finite)
    .option(
      "--lookat <x,y,z>",
      "point looked at: x, y relative to the robot and absolute height z (a world point with --fixed)",
      point,
    )
    .option("--fixed", "keep the camera still instead of following the robot")
    .option("--samples <k>", "anti-aliasing: k x k rays per pixel", integer(1, 8), 1)
    .option("--keep-going", "keep stepping after the episode terminates (shows e.g. the fall) until --steps")
    .option("--force", "overwrite existing output files")
    .action(async (id: string, opts: EnvRenderOptions) => {
      for (const line of await runEnvRender(id, opts)) console.log(line);
    });
}

/** Does the work of `env render`; returns the lines to print. */
export async function runEnvRender(id: string, opts: EnvRenderOptions): Promise<string[]> {
  if (!POLICIES.includes(opts.policy))
    throw new Error(`Unknown policy "${opts.policy}"; expected one of: ${POLICIES.join(", ")}.`);
  if (!opts.out.toLowerCase().endsWith(".png"))
    throw new Error(`The --out file must be a .png file, got "${opts.out}".`);
  if (opts.gif !== undefined && !opts.gif.toLowerCase().endsWith(".gif"))
    throw new Error(`The --gif file must be a .gif file, got "${opts.gif}".`);
  const render = await import("../envs/render/index.js");
  const output = await import("../envs/render/nodeOutput.js");
  // Fail before any work when an output exists.
  output.assertWritable(opts.out, opts.force);
  if (opts.gif !== undefined) output.assertWritable(opts.gif, opts.force);

  const { makeEnv } = await import("../envs/index.js");
  const env = await makeEnv(id);
  try {
    render.mujocoOf(env);
    const camera = render.cameraFor(id, {
      ...(opts.distance !== undefined && { distance: opts.distance }),
      ...(opts.elevation !== undefined && { elevationDeg: opts.elevation }),
      ...(opts.azimuth !== undefined && { azimuthDeg: opts.azimuth }),
      ...(opts.lookat !== undefined && { lookat: opts.lookat }),
      ...(opts.fixed && { track: false }),
    });
    const episode = render.renderEpisode(env, render.seededRandomPolicy(env, opts.seed), {
      seed: opts.seed,
      steps: opts.steps,
      frames: opts.frames,
      size: opts.size,
      camera,
      animation: opts.gif !== undefined,
      keepGoing: opts.keepGoing,
      settings: { samplesPerAxis: opts.samples },
    });
    const strip = render.filmstrip(episode.stripFrames, { columns: opts.columns });
    output.writeOutputFile(opts.out, output.encodePng(strip), { force: opts.force });
    const ending = episode.truncated
      ? "time limit"
      : episode.terminated && !opts.keepGoing
        ? "terminated"
        : "--steps reached";
    const termination =
      episode.terminatedAt !== undefined && opts.keepGoing
        ? `; terminated at step ${episode.terminatedAt}`
        : "";
    const lines = [
      `${id}: episode of ${episode.length} steps (ended: ${ending}${termination}), return ${episode.totalReward.toFixed(2)}`,
      `wrote ${opts.out}: ${episode.stripFrames.length} frame(s) of ${opts.size}x${opts.size} at steps ${episode.stripSteps.join(", ")}`,
    ];
    if (opts.gif !== undefined) {
      const gif = render.encodeGif(episode.animationFrames, { delayMs: episode.animationDelayMs });
      output.writeOutputFile(opts.gif, gif, { force: opts.force });
      lines.push(
        `wrote ${opts.gif}: ${episode.animationFrames.length} frames, ${Math.round(episode.animationDelayMs)} ms each`,
      );
    }
    return lines;
  } finally {
    env.close();
  }
}
