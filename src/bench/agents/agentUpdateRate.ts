// Gradient updates per second of one agent on a fixed random batch, as the training loops call it:
// SAC, TD3+BC and IQL every update in full (TD3+BC's own policy delay applies); REDQ and RLPD in
// cycles of G = updatesPerStep critic updates with the actor and temperature on the last one.

import { makeAgent } from "../../agents/makeAgent.js";
import { allocBatch } from "../../data/batch.js";
import { Rng } from "../../engine/rng.js";
import { median } from "../median.js";

export interface UpdateRateOptions {
  obsDim: number;
  actDim: number;
  hidden: number[];
  batchSize: number;
  /** Timed rounds; the median rate is reported. */
  rounds: number;
  /** Updates per round (rounded up to whole UTD cycles). */
  updatesPerRound: number;
}

function networkSettings(kind: string, hidden: number[]): Record<string, unknown> {
  if (kind === "bc") return { hiddenSizes: hidden };
  const sizes = { actorHiddenSizes: hidden, criticHiddenSizes: hidden };
  return kind === "iql" ? { ...sizes, valueHiddenSizes: hidden } : sizes;
}

export function measureUpdatesPerSec(kind: string, o: UpdateRateOptions): number {
  const agent = makeAgent(kind, {
    obsDim: o.obsDim,
    actDim: o.actDim,
    seed: 0,
    settings: networkSettings(kind, o.hidden),
  });
  try {
    const rng = new Rng(1);
    const batch = allocBatch(o.batchSize, o.obsDim, o.actDim);
    rng.fillGaussian(batch.obs);
    rng.fillGaussian(batch.nextObs);
    rng.fillUniform(batch.action, -1, 1);
    rng.fillGaussian(batch.reward);
    const cycle = agent.updatesPerStep;
    const perRound = Math.ceil(o.updatesPerRound / cycle) * cycle;
    const run = (n: number) => {
      for (let i = 0; i < n; i++) agent.update(batch, { updateActor: i % cycle === cycle - 1 });
    };
    run(cycle); // warm-up: every code path once, memory grown
    const rates: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const t0 = performance.now();
      run(perRound);
      rates.push((perRound * 1000) / (performance.now() - t0));
    }
    return median(rates);
  } finally {
    agent.dispose();
  }
}
