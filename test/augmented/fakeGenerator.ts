// A fake trajectory source for Algorithm 1's tests, also loadable in the generator worker
// (makeFakeGenerator). Trajectory lengths are uniform in 1 .. 2 meanLength - 1 (mean meanLength);
// actions are drawn from the rng, s_{i+1} = s_i + a_i (first action dims); rewards are -1, so
// synthetic rows are told from real ones (reward +1 in the tests); a trajectory ends terminal
// when its length is odd. delayMs makes each generate call slow (a busy wait); crash makes the
// thread die at the given call (process.exit, or an uncaught error thrown outside the call).
// actionScale widens the actions' range beyond [-1, 1]; reportCounts makes each trajectory say it
// was generated one step longer (a gate's cut) with one clipped action (GenerationCounts).

import type { GeneratedTrajectory, TrajectorySource } from "../../src/atradiff/augmented/trajectorySource.js";
import type { Rng } from "../../src/engine/rng.js";

export interface FakeGeneratorOptions {
  obsDim: number;
  actDim: number;
  meanLength: number;
  delayMs?: number;
  actionScale?: number;
  reportCounts?: boolean;
  crash?: { atCall: number; how: "exit" | "uncaught" };
}

export function makeFakeGenerator(o: FakeGeneratorOptions): TrajectorySource {
  const { obsDim, actDim, meanLength } = o;
  let calls = 0;
  return {
    obsDim,
    actDim,
    generate(startStates: Float32Array, rng: Rng): GeneratedTrajectory[] {
      if (o.crash && ++calls === o.crash.atCall) {
        if (o.crash.how === "exit") process.exit(3);
        // Thrown right after this call returns, before the worker handles another message.
        queueMicrotask(() => {
          throw new Error("the fake generator crashed");
        });
      }
      if (o.delayMs) {
        const until = Date.now() + o.delayMs;
        while (Date.now() < until);
      }
      const n = startStates.length / obsDim;
      const out: GeneratedTrajectory[] = [];
      const scale = o.actionScale ?? 1;
      for (let i = 0; i < n; i++) {
        const size = 1 + rng.int(2 * meanLength - 1);
        const t: GeneratedTrajectory = {
          size,
          obsDim,
          actDim,
          obs: new Float32Array(size * obsDim),
          action: new Float32Array(size * actDim),
          reward: new Float32Array(size).fill(-1),
          nextObs: new Float32Array(size * obsDim),
          terminal: new Float32Array(size),
          ...(o.reportCounts ? { generatedSteps: size + 1, clippedActionSteps: 1 } : {}),
        };
        const s = startStates.slice(i * obsDim, (i + 1) * obsDim);
        for (let j = 0; j < size; j++) {
          t.obs.set(s, j * obsDim);
          for (let d = 0; d < actDim; d++) t.action[j * actDim + d] = rng.uniformIn(-scale, scale);
          for (let d = 0; d < Math.min(obsDim, actDim); d++) s[d] += t.action[j * actDim + d];
          t.nextObs.set(s, j * obsDim);
        }
        if (size % 2 === 1) t.terminal[size - 1] = 1;
        out.push(t);
      }
      return out;
    },
  };
}
