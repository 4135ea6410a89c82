// `atradiff env render <id>`: plays one episode with seeded random actions and writes a filmstrip
// PNG of evenly spaced frames (and, with --gif, an animated GIF of the whole episode).
import { makeEnv } from "../index.js";
import * as render from "../render/index.js";
import * as output from "../render/nodeOutput.js";

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
  /** "x,y,z" */
  lookat?: string;
  fixed?: boolean;
  samples: number;
  keepGoing?: boolean;
  force?: boolean;
}

/** How `env render` chooses actions. */
export const RENDER_POLICIES = ["random"];

function point(text: string): [number, number, number] {
  const parts = text.split(",").map((t) => Number(t.trim()));
  if (parts.length !== 3 || text.split(",").some((t) => t.trim() === "") || !parts.every(Number.isFinite))
    throw new Error(`--lookat must be three numbers x,y,z, got ${JSON.stringify(text)}.`);
  return [parts[0], parts[1], parts[2]];
}

/** `atradiff env render`: renders and prints what it wrote. */
export async function renderEnvEpisode(opts: EnvRenderOptions, [id]: string[]): Promise<void> {
  for (const line of await runEnvRender(id, opts)) console.log(line);
}

/** Does the work of `env render`; returns the lines to print. */
export async function runEnvRender(id: string, opts: EnvRenderOptions): Promise<string[]> {
  if (!RENDER_POLICIES.includes(opts.policy))
    throw new Error(`Unknown policy "${opts.policy}"; expected one of: ${RENDER_POLICIES.join(", ")}.`);
  if (!opts.out.toLowerCase().endsWith(".png"))
    throw new Error(`The --out file must be a .png file, got "${opts.out}".`);
  if (opts.gif !== undefined && !opts.gif.toLowerCase().endsWith(".gif"))
    throw new Error(`The --gif file must be a .gif file, got "${opts.gif}".`);
  const lookat = opts.lookat === undefined ? undefined : point(opts.lookat);
  // Fail before any work when an output exists.
  output.assertWritable(opts.out, opts.force);
  if (opts.gif !== undefined) output.assertWritable(opts.gif, opts.force);

  const env = await makeEnv(id);
  try {
    render.mujocoOf(env);
    const camera = render.cameraFor(id, {
      ...(opts.distance !== undefined && { distance: opts.distance }),
      ...(opts.elevation !== undefined && { elevationDeg: opts.elevation }),
      ...(opts.azimuth !== undefined && { azimuthDeg: opts.azimuth }),
      ...(lookat !== undefined && { lookat }),
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
