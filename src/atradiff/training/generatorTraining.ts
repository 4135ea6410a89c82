// The one way an ATraDiff generator (§4.1) is trained, whatever the entry point (trainGenerator.ts
// in memory, generatorTrainingRun.ts resumable in a directory): the same stages in the same order,
// each drawing from its own seed stream, so the same data and settings give the same generator bit
// for bit from both:
//   1. the step statistics (stepStatistics.ts), and with stateEncoding "delta" the state changes'
//      statistics (stateDeltas.ts);
//   2. one diffuser per preset window length on its padded windows (one length-conditioned diffuser
//      in single-diffuser mode): weights and noise from Rng([seed, stage]), the batch order of the
//      whole training from Rng([seed, stage, 1]) (a resumed training passes over the batches used);
//   3. the length estimator: weights from Rng([seed, 100]), batches from Rng([seed, 101]);
//   4. the plausibility gate when enabled (plausibilityGate.ts): split, resamples and weights from
//      Rng([seed, 300]);
//   5. the pruner's thresholds, calibrated per diffuser i with Rng([seed, 200 + i]);
// and assembleGenerator puts the parts and the calibration together.
//
// The training is a JavaScript generator function that yields between slices of at most SLICE_MS of
// work: the in-memory trainer runs it straight through, the resumable one lets the event loop in at
// every yield (for Ctrl-C) and keeps the parts in a store (its directory). A store saves each
// diffuser every chunkSteps steps and when stopped, and each other part once finished; a stop in the
// estimator's, the gate's or the pruner's stage starts that stage over next time (each is seeded, so
// the finished generator is the same).
import type { Normalizer } from "../../diffusion/normalizer.js";
import { Rng } from "../../engine/rng.js";
import type { ProgressTask } from "../../util/progress.js";
import { randomStreams } from "../../util/randomStreams.js";
import type { GeneratorSettings } from "../generator/generatorSettings.js";
import { LengthEstimator } from "../generator/lengthEstimator.js";
import type { PlausibilityGate } from "../generator/plausibilityGate.js";
import {
  calibrateGeneratorDiffuser,
  type PrunerCalibration,
  prunerThresholds,
} from "../generator/prunerCalibration.js";
import { TaskPrompt } from "../generator/taskPrompt.js";
import { TrajectoryGenerator } from "../generator/trajectoryGenerator.js";
import { WindowDiffuser } from "../generator/windowDiffuser.js";
import { fitStateDeltaNormalizer } from "../windows/stateDeltas.js";
import { fitStepNormalizer, stateNormalizer } from "../windows/stepStatistics.js";
import { checkTrainingData, type TrainingData } from "../windows/trainingEpisodes.js";
import { TrainingWindows } from "../windows/trainingWindows.js";
import type { WindowLayout } from "../windows/windowLayout.js";
import { LengthEstimatorTraining } from "./trainLengthEstimator.js";
import { PlausibilityGateTraining } from "./trainPlausibilityGate.js";
import { trainOnWindowBatches, windowBatchesFor } from "./trainWindowDiffuser.js";

/** Longest run of training work between two yields. */
const SLICE_MS = 100;

/** Where a resumable training keeps the finished (and the diffusers' partial) parts between sessions. */
export interface GeneratorPartsStore {
  diffuser(k: number): WindowDiffuser | null;
  saveDiffuser(diffuser: WindowDiffuser): void;
  estimator(): LengthEstimator | null;
  saveEstimator(estimator: LengthEstimator): void;
  gate(): PlausibilityGate | null;
  saveGate(gate: PlausibilityGate): void;
}

export type TrackProgress = (label: string, total: number, start: number) => ProgressTask;

const silent: TrackProgress = () => ({ update: () => {}, finish: () => {} });

export interface GeneratorTrainingOptions {
  data: TrainingData;
  settings: GeneratorSettings;
  /** Keeps the parts between sessions; none: everything in memory. */
  store?: GeneratorPartsStore;
  /** Diffuser steps between saves to the store. */
  chunkSteps?: number;
  track?: TrackProgress;
  /** Asked between slices: true stops the training (what can be saved is saved, then `stop` throws). */
  stopped?: () => boolean;
  /** Throws the caller's error for a stop; `saved` says, as a clause, what is kept. */
  stop?: (saved: string) => never;
}

export interface TrainedGenerator {
  generator: TrajectoryGenerator;
  /** How each window length's pruning threshold was calibrated, and how it separates the windows it measured. */
  prunerCalibration: Map<number, PrunerCalibration>;
}

/** The parts of a generator besides its pruning thresholds. */
export interface UncalibratedParts {
  settings: GeneratorSettings;
  layout: WindowLayout;
  stepNormalizer: Normalizer;
  estimator: LengthEstimator;
  diffusers: WindowDiffuser[];
  gate: PlausibilityGate | null;
}

/** The generator from its parts and its pruner's calibration (thresholds as the settings say). */
export function assembleGenerator(
  parts: UncalibratedParts,
  calibration: Map<number, PrunerCalibration>,
): TrajectoryGenerator {
  return new TrajectoryGenerator({
    ...parts,
    prunerThresholds: prunerThresholds(calibration, parts.settings.pruner),
    prunerCalibration: calibration,
  });
}

/** Runs `work` in slices of SLICE_MS until it says it is done, yielding between slices. */
function* sliced(work: (until: number) => boolean): Generator<void, void, void> {
  while (!work(performance.now() + SLICE_MS)) yield;
}

/** The training, yielding between slices; returns the finished generator (the caller disposes it). */
export function* generatorTraining(o: GeneratorTrainingOptions): Generator<void, TrainedGenerator, void> {
  const { data, settings, store } = o;
  checkTrainingData(data);
  const prompt = new TaskPrompt(settings.prompt);
  for (const e of data.episodes) prompt.vector(e.task); // an unknown task id fails here, once
  const layout: WindowLayout = {
    obsDim: data.obsDim,
    actDim: data.actDim,
    modelTerminals: settings.modelTerminals,
  };
  const stepNormalizer = fitStepNormalizer(data);
  const stateDeltas = settings.stateEncoding === "delta" ? fitStateDeltaNormalizer(data) : undefined;
  const ks = settings.windowLengths;
  const kMax = ks[ks.length - 1];
  const track = o.track ?? silent;
  const stopped = o.stopped ?? (() => false);
  const stop =
    o.stop ??
    ((saved: string): never => {
      throw new Error(`The generator training was stopped: ${saved}.`);
    });
  const diffusers: WindowDiffuser[] = [];
  let estimator: LengthEstimator | null = null;
  let gate: PlausibilityGate | null = null;
  try {
    for (const [stage, k] of (settings.mode === "multiple" ? ks : [kMax]).entries()) {
      const shape = {
        layout,
        windowLength: k,
        promptDim: prompt.dim,
        lengthConditioned: settings.mode === "single",
        stateEncoding: settings.stateEncoding,
      };
      const diffuser =
        store?.diffuser(k) ??
        WindowDiffuser.create(
          shape,
          stepNormalizer,
          settings.diffusion,
          new Rng(randomStreams.diffuserInit(settings.seed, stage)).nextUint32(),
          {
            fitDenoiserToWindow: settings.fitDenoiserToWindow,
            startState: settings.startState,
            stateDeltas,
          },
        );
      diffusers.push(diffuser);
      yield* trainDiffuser(diffuser, new Rng(randomStreams.diffuserTraining(settings.seed, stage)));
    }

    estimator = store?.estimator() ?? null;
    if (!estimator) {
      estimator = new LengthEstimator(
        { obsDim: data.obsDim, promptDim: prompt.dim, lengthCap: kMax },
        settings.estimator,
        stateNormalizer(stepNormalizer, data.obsDim),
        new Rng(randomStreams.lengthEstimatorInit(settings.seed)),
      );
      const training = new LengthEstimatorTraining(
        estimator,
        data,
        prompt,
        new Rng(randomStreams.lengthEstimatorTraining(settings.seed)),
      );
      try {
        yield* stepwise("length estimator", training, "every diffuser is saved; the length estimator");
      } finally {
        training.dispose();
      }
      store?.saveEstimator(estimator);
    }

    if (settings.plausibilityGate.enabled) {
      gate = store?.gate() ?? null;
      if (!gate) {
        const training = new PlausibilityGateTraining(
          data,
          settings.plausibilityGate,
          new Rng(randomStreams.plausibilityGate(settings.seed)),
        );
        try {
          yield* stepwise(
            "plausibility gate",
            training,
            "every diffuser and the length estimator are saved; the plausibility gate",
          );
          gate = training.calibrate();
        } catch (err) {
          training.gate.dispose();
          throw err;
        } finally {
          training.dispose();
        }
        store?.saveGate(gate);
      }
    }

    const calibration = new Map<number, PrunerCalibration>();
    const task = track("pruner calibration", diffusers.length, 0);
    for (const [i, diffuser] of diffusers.entries()) {
      yield;
      if (stopped())
        stop(
          `every diffuser${gate ? ", the length estimator and the plausibility gate are" : " and the length estimator are"} saved; the pruner's calibration starts over`,
        );
      const c = calibratePruner(data, settings, diffuser, prompt, stepNormalizer, i);
      calibration.set(diffuser.windowLength, c);
      task.update(i + 1, { k: diffuser.windowLength, threshold: c.threshold, on: c.source });
    }
    task.finish();
    const generator = assembleGenerator(
      { settings, layout, stepNormalizer, estimator, diffusers, gate },
      calibration,
    );
    return { generator, prunerCalibration: calibration };
  } catch (err) {
    estimator?.dispose();
    gate?.dispose();
    for (const d of diffusers) d.dispose();
    throw err;
  }

  function* trainDiffuser(diffuser: WindowDiffuser, batchRng: Rng): Generator<void, void, void> {
    const k = diffuser.windowLength;
    const total = settings.diffusion.training.totalSteps;
    const chunk = store ? (o.chunkSteps ?? total) : total;
    const batches = windowBatchesFor(
      diffuser,
      new TrainingWindows(data, k, settings.modelTerminals),
      batchRng,
    );
    batches.skip(diffuser.diffusion.stepCount); // a resumed diffuser continues its batch order
    const task = track(`diffuser k=${k}`, total, diffuser.diffusion.stepCount);
    yield* sliced((until) => {
      const from = diffuser.diffusion.stepCount;
      const saveAt = Math.min(total, (Math.floor(from / chunk) + 1) * chunk);
      trainOnWindowBatches(diffuser, batches, prompt, {
        steps: saveAt - from,
        shouldStop: () => stopped() || performance.now() > until,
        onProgress: (p) => task.update(from + p.step, { loss: p.loss }),
      });
      const at = diffuser.diffusion.stepCount;
      if (at === saveAt || stopped()) store?.saveDiffuser(diffuser);
      if (stopped()) stop(`diffuser k=${k} is saved at step ${at}`);
      return at >= total;
    });
    task.finish();
  }

  /** Steps an estimator or gate training to its end in slices; a stop starts it over next time. */
  function* stepwise(
    label: string,
    training: { stepCount: number; readonly totalSteps: number; step(): number },
    kept: string,
  ): Generator<void, void, void> {
    const task = track(label, training.totalSteps, 0);
    yield* sliced((until) => {
      while (training.stepCount < training.totalSteps && performance.now() < until && !stopped())
        task.update(training.stepCount + 1, { loss: training.step() });
      if (stopped() && training.stepCount < training.totalSteps)
        stop(`${kept}, stopped at step ${training.stepCount} of ${training.totalSteps}, starts over`);
      return training.stepCount >= training.totalSteps;
    });
    task.finish();
  }
}

/** One diffuser's pruning calibration (prunerCalibration.ts), the i-th of the generator's. */
export function calibratePruner(
  data: TrainingData,
  settings: GeneratorSettings,
  diffuser: WindowDiffuser,
  prompt: TaskPrompt,
  stepNormalizer: Normalizer,
  i: number,
): PrunerCalibration {
  const stateStd = stepNormalizer.std.subarray(0, data.obsDim);
  return calibrateGeneratorDiffuser(
    diffuser,
    data,
    settings,
    prompt,
    stateStd,
    new Rng(randomStreams.prunerCalibration(settings.seed, i)),
  );
}

/** Runs a training straight through (no store, no stops): the in-memory entry point's driver. */
export function runToEnd<T>(training: Generator<void, T, void>): T {
  for (;;) {
    const r = training.next();
    if (r.done) return r.value;
  }
}
