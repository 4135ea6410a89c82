// Learning-rate schedules, as functions of the step number.

export interface CosineScheduleOptions {
  baseLr: number;
  /** Steps over which the rate decays from baseLr to minLr (PyTorch's T_max). */
  totalSteps: number;
  minLr?: number;
  /** Linear warm-up from 0 over this many steps first. */
  warmupSteps?: number;
}

/** Cosine annealing (PyTorch's CosineAnnealingLR closed form), optionally after a linear warm-up. */
export function cosineLr(step: number, o: CosineScheduleOptions): number {
  const warm = o.warmupSteps ?? 0;
  const minLr = o.minLr ?? 0;
  if (step < warm) return (o.baseLr * (step + 1)) / warm;
  const t = Math.min(step - warm, o.totalSteps);
  return minLr + ((o.baseLr - minLr) * (1 + Math.cos((Math.PI * t) / o.totalSteps))) / 2;
}
