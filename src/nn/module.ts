// Base class of every network: named parameters (tensors that live until dispose) and children,
// giving PyTorch-style dotted names ("layers.0.weight") for checkpoints and optimizers.
import { Tensor } from "../engine/tensor.js";

export abstract class Module {
  private readonly ownParams = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();
  private readonly ownBuffers = new Map<string, Tensor>();

  protected registerParameter(name: string, t: Tensor): Tensor {
    t.requiresGrad = true;
    this.ownParams.set(name, t);
    return t;
  }

  /** A tensor saved with the module but not trained (e.g. fixed random Fourier frequencies). */
  protected registerBuffer(name: string, t: Tensor): Tensor {
    this.ownBuffers.set(name, t);
    return t;
  }

  protected registerModule<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** Every parameter with its dotted name, in registration order. */
  namedParameters(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownParams) out.push([prefix + n, t]);
    for (const [n, c] of this.children) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  namedBuffers(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownBuffers) out.push([prefix + n, t]);
    for (const [n, c] of this.children) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** Parameters and buffers by name: what a checkpoint holds. */
  stateDict(): Map<string, Tensor> {
    return new Map([...this.namedParameters(), ...this.namedBuffers()]);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Total number of scalar parameters. */
  get parameterCount(): number {
    return this.parameters().reduce((s, t) => s + t.size, 0);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Copies every parameter value from a module of the same structure (e.g. into a target network). */
  copyFrom(other: Module): void {
    const mine = this.stateDict();
    const theirs = other.stateDict();
    for (const [name, t] of mine) {
      const src = theirs.get(name);
      if (!src || src.size !== t.size)
        throw new Error(`copyFrom: the source module has no parameter "${name}" of matching size.`);
      t.copyFrom(src);
    }
  }

  dispose(): void {
    for (const t of this.stateDict().values()) t.dispose();
  }
}

/** A parameter tensor created outside any tidy scope. */
export function parameter(shape: number[]): Tensor {
  return Tensor.zeros(shape, { requiresGrad: true });
}
