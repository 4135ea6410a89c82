// Runs fn with a module's parameters marked as not needing gradients. The actor's loss goes through
// the critics; freezing them keeps backward from computing (and accumulating) weight gradients
// that the actor step would throw away: only the gradients with respect to the actions flow.
import type { Module } from "../nn/module.js";

export function withFrozenParameters<T>(module: Module, fn: () => T): T {
  const params = module.parameters();
  const previous = params.map((p) => p.requiresGrad);
  for (const p of params) p.requiresGrad = false;
  try {
    return fn();
  } finally {
    params.forEach((p, i) => {
      p.requiresGrad = previous[i];
    });
  }
}
