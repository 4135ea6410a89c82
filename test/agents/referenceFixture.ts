// Helpers of the agent reference tests (sacReference, td3bcReference, redqReference): fixtures written
// once by PyTorch (scripts/fixtures/make_*_fixture.py) hold named weights, gradients, Gaussian draws
// and the critic subsets of REDQ's targets.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { SoftActorCritic } from "../../src/agents/softActorCritic.js";
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
 * and its critic subsets in order, and records the kinds in the order update() asked for them.
 * A subset of all n critics is no draw (SAC's twin critics): it is every critic, unrecorded.
 */
export function replayedNoise(
  draws: Record<UpdateNoiseDraw, number[][]>,
  criticSubsets: number[][] = [],
): {
  noise: UpdateNoise;
  asked: (UpdateNoiseDraw | "criticSubset")[];
} {
  const asked: (UpdateNoiseDraw | "criticSubset")[] = [];
  const next: Record<UpdateNoiseDraw, number> = { nextAction: 0, action: 0 };
  let nextSubset = 0;
  const noise: UpdateNoise = {
    normal(out, draw, std) {
      const values = draws[draw][next[draw]++];
      assert.ok(values, `update() asked for more "${draw}" draws than the fixture holds`);
      assert.equal(out.length, values.length, `"${draw}" draw size`);
      for (let i = 0; i < out.length; i++) out[i] = std * values[i];
      asked.push(draw);
    },
    criticSubset(n, m) {
      if (m === n) return Array.from({ length: n }, (_, i) => i);
      const subset = criticSubsets[nextSubset++];
      assert.ok(subset, "update() asked for more critic subsets than the fixture holds");
      assert.equal(subset.length, m, "critic subset size");
      assert.ok(
        subset.every((i) => i < n),
        `critic subset [${subset.join(", ")}] out of ${n} critics`,
      );
      asked.push("criticSubset");
      return [...subset];
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

/** A tiny agent of the fixture's sizes with default (or the given) settings, drawing from updateNoise. */
export function referenceAgentOptions(
  sizes: FixtureSizes,
  updateNoise: UpdateNoise,
  settings: Record<string, unknown> = {},
): NoisyAgentOptions {
  return {
    obsDim: sizes.obsDim,
    actDim: sizes.actDim,
    seed: 0,
    settings: { actorHiddenSizes: sizes.hidden, criticHiddenSizes: sizes.hidden, ...settings },
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
  /** update()'s updateActor option (absent: update()'s default). */
  updateActor?: boolean;
}

/**
 * Runs update() on each reference batch in turn (with its updateActor), checks its statistics, then
 * calls check(ref, "update k").
 */
export function runReferenceUpdates<U extends ReferenceUpdate>(
  agent: Agent,
  updates: U[],
  check: (ref: U, what: string) => void,
): void {
  updates.forEach((ref, k) => {
    const what = `update ${k + 1}`;
    const stats = agent.update(fixtureBatch(ref.batch, agent.obsDim, agent.actDim), {
      updateActor: ref.updateActor,
    });
    assertStatsMatch(stats, ref.stats, what);
    check(ref, what);
  });
}

/** The settings every SAC-family fixture records (make_sac_fixture.py, make_redq_fixture.py). */
export interface SoftActorCriticFixtureSettings {
  gamma: number;
  tau: number;
  /** Adam's learning rate for actor, critics and log alpha. */
  lr: number;
  initialTemperature: number;
  targetEntropy: number;
  logStdMin: number;
  logStdMax: number;
}

/** A SAC-family agent's settings that every fixture records are the fixture's. */
export function assertSoftActorCriticSettings(
  agent: SoftActorCritic,
  f: SoftActorCriticFixtureSettings,
): void {
  const s = agent.settings;
  assert.deepEqual(
    [
      s.gamma,
      s.tau,
      s.actorLr,
      s.criticLr,
      s.temperatureLr,
      s.initialTemperature,
      agent.temperature.targetEntropy,
      s.logStdMin,
      s.logStdMax,
    ],
    [f.gamma, f.tau, f.lr, f.lr, f.lr, f.initialTemperature, f.targetEntropy, f.logStdMin, f.logStdMax],
  );
}

/** A SAC-family agent's trained values in a fixture: actor and critic ensemble by name, and log alpha. */
export interface SoftActorCriticWeights {
  actor: NamedValues;
  critic: NamedValues;
  logAlpha: number;
}

/** One SAC-family reference update's gradients (the actor's and alpha's only where they were updated) and weights after. */
export interface SoftActorCriticUpdate extends ReferenceUpdate {
  gradients: { critic: NamedValues; actor?: NamedValues; logAlpha?: number };
  after: SoftActorCriticWeights & { targetCritic: NamedValues };
}

/** Sets a SAC-family agent to the fixture's initial weights; its target critics start as the critics. */
export function loadSoftActorCritic(agent: SoftActorCritic, initial: SoftActorCriticWeights): void {
  loadNamed(agent.actor, initial.actor, "actor");
  loadNamed(agent.critic, initial.critic, "critic");
  loadNamed(agent.targetCritic, initial.critic, "targetCritic");
  assert.equal(agent.temperature.logAlpha.data[0], initial.logAlpha);
}

/**
 * A SAC-family agent after one update against the reference: the gradients it has (the critic's
 * times criticGradientScale, for a reference whose loss is scaled differently), then the actor,
 * critics, target critics and log alpha.
 */
export function assertSoftActorCriticMatches(
  agent: SoftActorCritic,
  ref: SoftActorCriticUpdate,
  what: string,
  criticGradientScale = 1,
): void {
  const modules = { critic: agent.critic, actor: agent.actor, targetCritic: agent.targetCritic };
  const critic = Object.fromEntries(
    Object.entries(ref.gradients.critic).map(([name, g]) => [name, g.map((x) => x * criticGradientScale)]),
  );
  assertModulesMatch(modules, { ...ref.gradients, critic }, "gradient", what);
  if (ref.gradients.logAlpha !== undefined)
    assertMatches(agent.temperature.logAlpha.grad!.data, [ref.gradients.logAlpha], `${what}: logAlpha.grad`);
  assertModulesMatch(modules, ref.after, "value", what);
  // The closest call (6.7e-6): our Adam kernel takes 1 - beta2 in float32 (1.3e-5 off), so its
  // first steps are 6.4e-6 longer than PyTorch's; log alpha's step is its whole value here.
  assertMatches(agent.temperature.logAlpha.data, [ref.after.logAlpha], `${what}: logAlpha`);
}
