// A small deterministic system for the generator tests, moving at a steady pace (the pruner's
// premise: real steps differ clearly from the repeated tail). State [p, q]; action a = 0.06 + 0.01 q;
// next state [p + a, q - 0.1]; reward a. The episode ends (terminal) once p reaches 1. Episodes
// start at p in [0, 0.5), q in [-1, 1), and last about 8 to 16 steps.
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import type { PlausibilityGate } from "../../src/atradiff/generator/plausibilityGate.js";
import { PlausibilityGateTraining } from "../../src/atradiff/training/trainPlausibilityGate.js";
import type { TrainingData, TrainingEpisode } from "../../src/atradiff/windows/trainingEpisodes.js";
import { Rng } from "../../src/engine/rng.js";

export const TOY_OBS_DIM = 2;

export function toyAction(q: number): number {
  return 0.06 + 0.01 * q;
}

export function toyEpisode(p0: number, q0: number): TrainingEpisode {
  const obs: number[] = [];
  const actions: number[] = [];
  const rewards: number[] = [];
  let p = p0;
  let q = q0;
  while (p < 1) {
    const a = toyAction(q);
    obs.push(p, q);
    actions.push(a);
    rewards.push(a);
    p += a;
    q -= 0.1;
  }
  return {
    length: actions.length,
    observations: Float32Array.from(obs),
    actions: Float32Array.from(actions),
    rewards: Float32Array.from(rewards),
    finalObservation: Float32Array.from([p, q]),
    terminal: true,
    task: 0,
  };
}

function randomEpisode(rng: Rng): TrainingEpisode {
  return toyEpisode(rng.uniformIn(0, 0.5), rng.uniformIn(-1, 1));
}

export function toyData(episodes: number, rng: Rng): TrainingData {
  return {
    obsDim: TOY_OBS_DIM,
    actDim: 1,
    episodes: Array.from({ length: episodes }, () => randomEpisode(rng)),
  };
}

/** Start states drawn from random steps of new episodes, with their true remaining lengths. */
export function toyStarts(count: number, rng: Rng): { states: Float32Array; remaining: number[] } {
  const o = TOY_OBS_DIM;
  const states = new Float32Array(count * o);
  const remaining: number[] = [];
  for (let i = 0; i < count; i++) {
    const e = randomEpisode(rng);
    const t = rng.int(e.length);
    states.set(e.observations.subarray(o * t, o * t + o), o * i);
    remaining.push(e.length - t);
  }
  return { states, remaining };
}

// The toy's dynamics are exact, so held-out errors are float noise (~1e-6) and the 0.99 quantile
// is tight; a scale of 3 leaves the briefly trained models room, and is still far below a jump's error.
export const TOY_GATE_SETTINGS = parseGeneratorSettings({
  plausibilityGate: {
    members: 3,
    hiddenSizes: [64, 64],
    steps: 1500,
    lr: 3e-3,
    batchSize: 128,
    thresholdScale: 3,
  },
}).plausibilityGate;

/** The plausibility gate trained and calibrated on 120 toy episodes (the engine must be initialized). */
export function trainToyGate(): PlausibilityGate {
  const training = new PlausibilityGateTraining(toyData(120, new Rng(1)), TOY_GATE_SETTINGS, new Rng(2));
  try {
    while (training.stepCount < training.totalSteps) training.step();
    return training.calibrate();
  } finally {
    training.dispose();
  }
}
