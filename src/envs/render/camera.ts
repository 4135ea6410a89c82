// An orbit camera in MuJoCo's free-camera convention: it looks at a point from `distance` away,
// turned by `azimuthDeg` about the world z axis and tilted by `elevationDeg` (negative looks
// down). With azimuth 90 the camera stands on the -y side looking along +y, so +x points right in
// the picture: the direction locomotion robots run.

export interface CameraSettings {
  distance: number;
  azimuthDeg: number;
  /** In [-90, 90]; negative values look down onto the scene (-90: straight down, +x to the right). */
  elevationDeg: number;
  /** Vertical field of view (MuJoCo's default is 45 degrees). */
  fovyDeg: number;
  /**
   * The point looked at. When `track` is on, x and y are offsets from the scene's focus (the
   * robot's root) and z stays absolute, so the camera follows the robot over the floor without
   * bobbing with it.
   */
  lookat: readonly [number, number, number];
  track: boolean;
}

export const DEFAULT_CAMERA: CameraSettings = {
  distance: 4,
  azimuthDeg: 90,
  elevationDeg: -20,
  fovyDeg: 45,
  lookat: [0, 0, 0.8],
  track: true,
};

/** Position and orthonormal axes of a camera for one frame (world coordinates). */
export interface CameraFrame {
  origin: Float64Array;
  forward: Float64Array;
  right: Float64Array;
  up: Float64Array;
  /** tan(fovy / 2). */
  tanHalfFovy: number;
}

export function checkCamera(c: CameraSettings): void {
  const bad = (what: string, v: number, expected: string) =>
    new Error(`The camera ${what} must be ${expected}, got ${v}.`);
  if (!(c.distance > 0) || !Number.isFinite(c.distance))
    throw bad("distance", c.distance, "a positive number");
  if (!Number.isFinite(c.azimuthDeg)) throw bad("azimuth", c.azimuthDeg, "a finite number of degrees");
  if (!(c.elevationDeg >= -90 && c.elevationDeg <= 90))
    throw bad("elevation", c.elevationDeg, "in [-90, 90] degrees");
  if (!(c.fovyDeg > 0 && c.fovyDeg < 180)) throw bad("field of view", c.fovyDeg, "in (0, 180) degrees");
  if (c.lookat.length !== 3 || !c.lookat.every(Number.isFinite))
    throw new Error(`The camera lookat must be 3 finite numbers, got [${c.lookat.join(", ")}].`);
}

export function createCameraFrame(): CameraFrame {
  return {
    origin: new Float64Array(3),
    forward: new Float64Array(3),
    right: new Float64Array(3),
    up: new Float64Array(3),
    tanHalfFovy: 1,
  };
}

/** Places the camera for a scene whose focus is `focus`; writes into `out`. */
export function placeCamera(c: CameraSettings, focus: ArrayLike<number>, out: CameraFrame): CameraFrame {
  const az = (c.azimuthDeg * Math.PI) / 180;
  const el = (c.elevationDeg * Math.PI) / 180;
  const ce = Math.cos(el);
  const f = out.forward;
  f[0] = ce * Math.cos(az);
  f[1] = ce * Math.sin(az);
  f[2] = Math.sin(el);
  // right = forward x worldUp, normalized; written directly so that it also holds looking straight down.
  const r = out.right;
  r[0] = Math.sin(az);
  r[1] = -Math.cos(az);
  r[2] = 0;
  const u = out.up;
  u[0] = r[1] * f[2] - r[2] * f[1];
  u[1] = r[2] * f[0] - r[0] * f[2];
  u[2] = r[0] * f[1] - r[1] * f[0];
  const lx = c.track ? focus[0] + c.lookat[0] : c.lookat[0];
  const ly = c.track ? focus[1] + c.lookat[1] : c.lookat[1];
  const lz = c.lookat[2];
  out.origin[0] = lx - c.distance * f[0];
  out.origin[1] = ly - c.distance * f[1];
  out.origin[2] = lz - c.distance * f[2];
  out.tanHalfFovy = Math.tan((c.fovyDeg * Math.PI) / 360);
  return out;
}
