// Times the ray caster on a MuJoCo model's current state (for `atradiff bench envs`).
import type { MjData, MjModel } from "@mujoco/mujoco";
import type { CameraSettings } from "./camera.js";
import { cameraFor } from "./cameraPresets.js";
import { sceneFromMujoco } from "./mujocoScene.js";
import { RayCaster } from "./rayCaster.js";
import type { RenderSettings } from "./renderSettings.js";

export interface MeasureRenderOptions {
  /** Picks the camera preset (ignored when `camera` is given). */
  envId?: string;
  camera?: CameraSettings;
  /** Square frame side, pixels; default 84. */
  size?: number;
  /** Untimed frames first, so that V8 has optimized the caster; default 50. */
  warmup?: number;
  /** Timed frames; default 100. */
  repeats?: number;
  settings?: Partial<RenderSettings>;
}

/**
 * Median wall-clock milliseconds to extract the scene from `data` and render one frame, after
 * warm-up. Rendering reads the state and leaves `data` unchanged.
 */
export function measureRenderMs(model: MjModel, data: MjData, opts: MeasureRenderOptions = {}): number {
  const size = opts.size ?? 84;
  const warmup = opts.warmup ?? 50;
  const repeats = opts.repeats ?? 100;
  if (!Number.isInteger(warmup) || warmup < 0 || !Number.isInteger(repeats) || repeats < 1)
    throw new Error(
      `measureRenderMs needs warmup >= 0 and repeats >= 1 (integers), got ${warmup} and ${repeats}.`,
    );
  const camera = opts.camera ?? cameraFor(opts.envId ?? "");
  const caster = new RayCaster(size, size, opts.settings);
  const out = new Uint8Array(size * size * 3);
  const { scene } = sceneFromMujoco(model, data);
  const frame = () => caster.render(sceneFromMujoco(model, data, scene).scene, camera, out);
  for (let i = 0; i < warmup; i++) frame();
  const times = new Float64Array(repeats);
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    frame();
    times[i] = performance.now() - t0;
  }
  times.sort();
  const mid = repeats >> 1;
  return repeats % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}
