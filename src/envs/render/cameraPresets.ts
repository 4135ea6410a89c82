// Default tracking cameras per environment: each robot seen from the side (or from above for the
// mazes) at a distance that keeps it in frame at 84x84. Any field can be overridden by the caller.
import { type CameraSettings, DEFAULT_CAMERA } from "./camera.js";

const PRESETS: Record<string, Partial<CameraSettings>> = {
  // Hopper and Walker2d stand about 1.3-1.5 m tall; HalfCheetah is long and low.
  hopper: { distance: 3.2, elevationDeg: -15, lookat: [0, 0, 0.85] },
  walker2d: { distance: 3.4, elevationDeg: -15, lookat: [0, 0, 0.9] },
  halfcheetah: { distance: 3.2, elevationDeg: -15, lookat: [0, 0, 0.45] },
  // The Ant walks in the plane: a higher, three-quarter view shows its legs.
  ant: { distance: 4, azimuthDeg: 60, elevationDeg: -35, lookat: [0, 0, 0.3] },
};

// Mazes (4 m cells, 2 m walls): a steep view from the south over about three cells around the ant.
const MAZE_PRESET: Partial<CameraSettings> = {
  distance: 16,
  azimuthDeg: 90,
  elevationDeg: -75,
  lookat: [0, 0, 0],
};

/** The camera for an environment id (the generic side view for ids without a preset). */
export function cameraFor(envId: string, overrides: Partial<CameraSettings> = {}): CameraSettings {
  const preset = envId.startsWith("antmaze-") ? MAZE_PRESET : (PRESETS[envId] ?? {});
  return { ...DEFAULT_CAMERA, ...preset, ...overrides };
}
