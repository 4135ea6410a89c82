// Lighting, floor and sky settings of the ray caster, with their defaults. Colours are display
// values in [0, 1]; a geom's final colour is rgb * (ambient + diffuse * max(0, n.l) * lit).

export interface RenderSettings {
  /** Direction towards the (directional) light; normalized when used. */
  lightDirection: readonly [number, number, number];
  /** Light that reaches every surface, shadowed or not. */
  ambient: number;
  /** Strength of the directional light (Lambert's cosine law). */
  diffuse: number;
  /** Cast shadow rays towards the light (hard shadows). */
  shadows: boolean;
  /** Side of one floor checker square, metres. */
  checkerSize: number;
  /** The darker checker squares are the floor colour times (1 - checkerContrast). */
  checkerContrast: number;
  skyHorizon: readonly [number, number, number];
  skyZenith: readonly [number, number, number];
  /**
   * Fog: a hit d metres farther than the looked-at point fades towards the horizon colour by
   * d / (d + fogDistance); 0 turns fog off.
   */
  fogDistance: number;
  /** Rays per pixel along each axis (1 = no anti-aliasing; 2 = 4 rays per pixel). */
  samplesPerAxis: number;
}

export const DEFAULT_RENDER_SETTINGS: RenderSettings = {
  // From above, behind the camera's left shoulder for the default side view (camera on -y).
  lightDirection: [-0.35, -0.55, 1],
  ambient: 0.38,
  diffuse: 0.72,
  shadows: true,
  checkerSize: 0.5,
  checkerContrast: 0.3,
  skyHorizon: [0.82, 0.87, 0.93],
  skyZenith: [0.4, 0.56, 0.8],
  fogDistance: 25,
  samplesPerAxis: 1,
};

export function checkRenderSettings(s: RenderSettings): void {
  const l = s.lightDirection;
  if (l.length !== 3 || !l.every(Number.isFinite) || Math.hypot(l[0], l[1], l[2]) === 0)
    throw new Error(`The light direction must be 3 finite numbers, not all zero, got [${l.join(", ")}].`);
  for (const [name, v] of [
    ["ambient", s.ambient],
    ["diffuse", s.diffuse],
    ["fogDistance", s.fogDistance],
  ] as const)
    if (!(v >= 0) || !Number.isFinite(v))
      throw new Error(`The render setting ${name} must be >= 0, got ${v}.`);
  if (!(s.checkerSize > 0)) throw new Error(`The checker size must be positive, got ${s.checkerSize}.`);
  if (!(s.checkerContrast >= 0 && s.checkerContrast <= 1))
    throw new Error(`The checker contrast must be in [0, 1], got ${s.checkerContrast}.`);
  if (!Number.isInteger(s.samplesPerAxis) || s.samplesPerAxis < 1 || s.samplesPerAxis > 8)
    throw new Error(`samplesPerAxis must be an integer in [1, 8], got ${s.samplesPerAxis}.`);
}
