// Parameter averaging: the exponential moving average of a model's weights (diffusion models
// sample from it) and the polyak update of target networks (SAC, REDQ, TD3).
import { engine } from "../engine/engineInstance.js";
import { Tensor } from "../engine/tensor.js";
import type { Module } from "./module.js";

function pairs(target: Module, source: Module, what: string): [Tensor, Tensor][] {
  const src = source.stateDict();
  return [...target.stateDict()].map(([name, t]) => {
    const s = src.get(name);
    if (!s || s.size !== t.size)
      throw new Error(`${what}: the source has no tensor "${name}" of matching size.`);
    return [t, s];
  });
}

/** target = (1 - tau) target + tau source, parameter by parameter (buffers copied the same way). */
export function polyakUpdate(target: Module, source: Module, tau: number): void {
  const k = engine().kernels;
  for (const [t, s] of pairs(target, source, "polyakUpdate")) k.lerpInto(t.ptr, s.ptr, t.size, tau);
}

/**
 * A network and its target network, which starts with the network's weights. `build` runs twice,
 * network first, so both take their initialization draws in that order from whatever Rng it uses.
 */
export function withTarget<M extends Module>(build: () => M): [network: M, target: M] {
  const network = build();
  const target = build();
  target.copyFrom(network);
  return [network, target];
}

/** An exponential moving average of a module's parameters, updated every `every` calls to step(). */
export class Ema {
  private readonly shadow: Map<string, Tensor>;
  private calls = 0;

  constructor(
    private readonly model: Module,
    readonly decay: number,
    readonly every = 1,
  ) {
    if (!(decay >= 0 && decay < 1)) throw new Error(`Ema needs a decay in [0, 1), got ${decay}.`);
    this.shadow = new Map();
    for (const [name, t] of model.stateDict()) {
      const copy = Tensor.empty(t.shape);
      copy.copyFrom(t);
      this.shadow.set(name, copy);
    }
  }

  /** Counts a training step; every `every` steps, shadow = decay shadow + (1 - decay) params. */
  step(): void {
    this.calls++;
    if (this.calls % this.every !== 0) return;
    const k = engine().kernels;
    for (const [name, t] of this.model.stateDict()) {
      const s = this.shadow.get(name)!;
      k.lerpInto(s.ptr, t.ptr, t.size, 1 - this.decay);
    }
  }

  /** Copies the averaged weights into a module of the same structure (e.g. the sampling model). */
  copyTo(target: Module): void {
    for (const [name, t] of target.stateDict()) {
      const s = this.shadow.get(name);
      if (!s || s.size !== t.size)
        throw new Error(`Ema.copyTo: the target has an unexpected tensor "${name}".`);
      t.copyFrom(s);
    }
  }

  /** Calls to step() so far (saved with the averaged tensors so that a resumed run updates on the same steps). */
  get stepCount(): number {
    return this.calls;
  }

  set stepCount(n: number) {
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`Ema.stepCount must be a non-negative integer, got ${n}.`);
    this.calls = n;
  }

  /** The averaged tensors by name (for checkpoints). */
  get tensors(): Map<string, Tensor> {
    return this.shadow;
  }

  dispose(): void {
    for (const t of this.shadow.values()) t.dispose();
  }
}
