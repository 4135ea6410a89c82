// Generated actions clipped to the action space before anything stores them (DESIGN.md's Generator:
// "actions clipped to the action space"). A diffuser samples actions as free real numbers; an action
// outside the box is one no env step could have taken, and a critic fed it learns values at actions
// the actor can never reach. Clipping, not rejecting, keeps the rest of the step as generated; the
// plausibility gate (plausibilityGate.ts) judges whether the step is still physical.
import type { Batch } from "../../data/batch.js";

/**
 * Clips the first `steps` actions of `t` to [-bound, bound] in place; returns how many steps had a
 * component outside (the share the metrics count).
 */
export function clipActions(t: Batch, bound: number, steps = t.size): number {
  if (!(bound > 0)) throw new Error(`An action bound must be positive, got ${bound}.`);
  const a = t.actDim;
  let clippedSteps = 0;
  for (let j = 0; j < steps; j++) {
    let clipped = false;
    for (let d = j * a; d < (j + 1) * a; d++) {
      const v = t.action[d];
      if (v > bound) {
        t.action[d] = bound;
        clipped = true;
      } else if (v < -bound) {
        t.action[d] = -bound;
        clipped = true;
      }
    }
    if (clipped) clippedSteps++;
  }
  return clippedSteps;
}
