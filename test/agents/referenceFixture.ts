// Helpers of the agent reference tests (sacReference, td3bcReference): fixtures written once by
// PyTorch (scripts/fixtures/make_*_fixture.py) hold named weights, gradients and Gaussian draws.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Agent } from "../../src/agents/types.js";
import type { NoisyAgentOptions, UpdateNoise, UpdateNoiseDraw } from "../../src/agents/updateNoise.js";
import { allocBatch, type Batch } from "../../src/data/batch.js";
import type { Module } from "../../src/nn/module.js";

/** Relative tolerance of every comparison with the float64 PyTorch reference. */
export const RTOL = 1e-5;
/**
 * Elements below 5% of the largest of their tensor are compared at 5% of that scale: their
 * float32 value is a sum of terms of the tensor's size, so it cannot be relatively more exact.
 */
const SCALE_FLOOR = 5e-2;

export type NamedValues = Record<string, number[]>;

export interface FixtureBatch {
  obs: number[];
  action: number[];
  reward: number[];
  nextObs: number[];
  terminal: number[];
}

export function readAgentFixture<T>(file: string): T {
  return JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/agents/${file}`, import.meta.url), "utf8"),
  ) as T;
}

/** Sets every parameter of `module` from `values`; the names must be exactly the module's. */
export function loadNamed(module: Module, values: NamedValues, what: string): void {
  const named = module.namedParameters();
  assert.deepEqual(named.map(([n]) => n).sort(), Object.keys(values).sort(), `${what}: parameter names`);
  for (const [name, t] of named) {
    assert.equal(t.size, values[name].length, `${what}.${name}: size`);
    t.data.set(values[name]);
  }
}

/** Asserts |got - want| <= RTOL max(|want|, SCALE_FLOOR max|want over the tensor|) element by element. */
export function assertMatches(got: ArrayLike<number>, want: readonly number[], what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const scale = SCALE_FLOOR * Math.max(...want.map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= RTOL * Math.max(Math.abs(want[i]), scale)))
      assert.fail(
        `${what}[${i}] is ${got[i]}, PyTorch has ${want[i]} (relative error ${err / Math.abs(want[i])})`,
      );
  }
}

/** Compares each parameter (value or gradient) of `module` with the reference of the same name. */
export function assertModuleMatches(
  module: Module,
  want: NamedValues,
  of: "value" | "gradient",
  what: string,
): void {
  for (const [name, t] of module.namedParameters()) {
    const got = of === "value" ? t.data : t.grad?.data;
    assert.ok(got, `${what}.${name} has no gradient`);
    assertMatches(got, want[name], `${what}.${name}${of === "gradient" ? ".grad" : ""}`);
  }
}

/**
 * Hands out the fixture's standard normal draws, in order per kind (scaled by the std asked for),
 * and records the kinds in the order update() asked for them.
 */
export function replayedNoise(draws: Record<UpdateNoiseDraw, number[][]>): {
  noise: UpdateNoise;
  asked: UpdateNoiseDraw[];
} {
  const asked: UpdateNoiseDraw[] = [];
  const next: Record<UpdateNoiseDraw, number> = { nextAction: 0, action: 0 };
  const noise: UpdateNoise = {
    normal(out, draw, std) {
      const values = draws[draw][next[draw]++];
      assert.ok(values, `update() asked for more "${draw}" draws than the fixture holds`);
      assert.equal(out.length, values.length, `"${draw}" draw size`);
      for (let i = 0; i < out.length; i++) out[i] = std * values[i];
      asked.push(draw);
    },
  };
  return { noise, asked };
}

/** The fixture's batch as a Batch. */
export function fixtureBatch(b: FixtureBatch, obsDim: number, actDim: number): Batch {
  const batch = allocBatch(b.reward.length, obsDim, actDim);
  batch.obs.set(b.obs);
  batch.action.set(b.action);
  batch.reward.set(b.reward);
  batch.nextObs.set(b.nextObs);
  batch.terminal.set(b.terminal);
  return batch;
}

export interface FixtureSizes {
  obsDim: number;
  actDim: number;
  hidden: number[];
  batch: number;
}

/** A tiny agent of the fixture's sizes with default settings otherwise, drawing from updateNoise. */
export function referenceAgentOptions(sizes: FixtureSizes, updateNoise: UpdateNoise): NoisyAgentOptions {
  return {
    obsDim: sizes.obsDim,
    actDim: sizes.actDim,
    seed: 0,
    settings: { actorHiddenSizes: sizes.hidden, criticHiddenSizes: sizes.hidden },
    updateNoise,
  };
}

/** update()'s statistics: the same names as the reference, each value within RTOL. */
export function assertStatsMatch(
  stats: Record<string, number>,
  want: Record<string, number>,
  what: string,
): void {
  assert.deepEqual(Object.keys(stats).sort(), Object.keys(want).sort(), `${what}: statistics`);
  for (const [name, value] of Object.entries(want)) assertMatches([stats[name]], [value], `${what}: ${name}`);
}

/** assertModuleMatches for each listed module that the reference has (by the same key). */
export function assertModulesMatch<K extends string>(
  modules: Record<K, Module>,
  want: Partial<Record<NoInfer<K>, NamedValues>>,
  of: "value" | "gradient",
  what: string,
): void {
  for (const key of Object.keys(modules) as K[]) {
    const values = want[key];
    const module = modules[key];
    if (values) assertModuleMatches(module, values, of, `${what}: ${key}`);
  }
}

/** One reference update: the fixture's batch and the statistics update() must return. */
export interface ReferenceUpdate {
  batch: FixtureBatch;
  stats: Record<string, number>;
}

/** Runs update() on each reference batch in turn, checks its statistics, then calls check(ref, "update k"). */
export function runReferenceUpdates<U extends ReferenceUpdate>(
  agent: Agent,
  updates: U[],
  check: (ref: U, what: string) => void,
): void {
  updates.forEach((ref, k) => {
    const what = `update ${k + 1}`;
    const stats = agent.update(fixtureBatch(ref.batch, agent.obsDim, agent.actDim));
    assertStatsMatch(stats, ref.stats, what);
    check(ref, what);
  });
}
