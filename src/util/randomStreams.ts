// Every random stream that atradiff derives from a seed, by name, in one place. Determinism rests
// on these keys: `new Rng(key)` hashes the whole list, so two streams are independent exactly when
// their keys differ. A salt (four ASCII letters read as one 32-bit word) keeps a component's streams
// apart from every other use of the same seed; the generator's training streams predate salts and
// are told apart by their fixed second word instead. The numbers are the ones every run, checkpoint
// and committed result was made with: changing one changes results, so a test pins them
// (test/util/randomStreams.test.ts).

/** The salts, each the ASCII of its comment as a big-endian 32-bit word; all distinct. */
export const STREAM_SALTS = {
  /** "ATRD": generation batches of the augmented replay buffer (second word of the key). */
  generation: 0x41545244,
  /** "roll": rollouts of a behavior policy that build a dataset. */
  rollout: 0x726f6c6c,
  /** "goal": the AntMaze reward's evaluation goal. */
  rewardGoal: 0x676f616c,
  /** "maze": AntMaze rollouts that build a dataset. */
  mazeRollout: 0x6d617a65,
  /** "data": the episodes that score a behavior policy's data. */
  dataScore: 0x64617461,
  /** "prob": the probe states of a run's Q-value probe. */
  probe: 0x70726f62,
  /** "eval": the seed of every evaluation episode. */
  evaluation: 0x6576616c,
  /** "loop": the training loop's own draws (random start actions, batches). */
  loop: 0x6c6f6f70,
  /** "upsp": the offline dataset upsampled with generated data. */
  upsample: 0x75707370,
  /** "aug#": ATraDiff's augmentation of a run (buffer, workers, adaptation, L probe). */
  atradiffAugmentation: 0x61756723,
  /** "synt": SynthER's augmentation of a run (retraining and regeneration). */
  synther: 0x73796e74,
} as const;

export type StreamName = keyof typeof STREAM_SALTS;

/** The key of a stream: the list of integers an Rng is seeded with. */
export type StreamKey = readonly number[];

const S = STREAM_SALTS;

/**
 * The fixed second words of the generator's training streams (key [generator seed, word]): the
 * diffusers take words 0, 1, ... by stage, the pruner calibrations 200 + window index.
 */
export const GENERATOR_STREAM_WORDS = {
  lengthEstimatorInit: 100,
  lengthEstimatorTraining: 101,
  prunerCalibrationBase: 200,
  plausibilityGate: 300,
} as const;

/** The parts of ATraDiff's augmentation of a run (third word of its key). */
export const ATRADIFF_AUGMENTATION_PARTS = {
  augmentedBuffer: 1,
  adaptation: 2,
  generatorWorkers: 3,
  lengthProbe: 4,
} as const;

const G = GENERATOR_STREAM_WORDS;
const A = ATRADIFF_AUGMENTATION_PARTS;

/** Each stream's key, by name: `new Rng(randomStreams.rollout(seed))`. */
export const randomStreams = {
  // envs
  /** The random policy of a rendered episode (`atradiff env render`). */
  renderPolicy: (seed: number): StreamKey => [seed, 1],

  // datasets
  rollout: (seed: number): StreamKey => [S.rollout, seed],
  mazeRollout: (seed: number): StreamKey => [S.mazeRollout, seed],
  rewardGoal: (seed: number): StreamKey => [S.rewardGoal, seed],
  dataScore: (seed: readonly number[]): StreamKey => [S.dataScore, ...seed],

  // generator training (key [generator seed, word])
  /** Draws the initial-weight seed of the stage-th window diffuser. */
  diffuserInit: (seed: number, stage: number): StreamKey => [seed, stage],
  /** The stage-th diffuser's training noise and batch order. */
  diffuserTraining: (seed: number, stage: number): StreamKey => [seed, stage, 1],
  lengthEstimatorInit: (seed: number): StreamKey => [seed, G.lengthEstimatorInit],
  lengthEstimatorTraining: (seed: number): StreamKey => [seed, G.lengthEstimatorTraining],
  prunerCalibration: (seed: number, window: number): StreamKey => [seed, G.prunerCalibrationBase + window],
  plausibilityGate: (seed: number): StreamKey => [seed, G.plausibilityGate],
  /** The augmented buffer's index-th generation batch (the salt second, as it always was). */
  generationBatch: (seed: number, index: number): StreamKey => [seed, S.generation, index],

  // baselines
  /** SynthER's training batches (trainSynther). */
  syntherBatches: (seed: number): StreamKey => [seed, 1],

  // experiments
  evaluationEpisode: (runSeed: number, step: number, episode: number): StreamKey => [
    S.evaluation,
    runSeed,
    step,
    episode,
  ],
  loop: (seed: number): StreamKey => [S.loop, seed],
  probeStates: (seed: number): StreamKey => [S.probe, seed],
  upsample: (seed: number): StreamKey => [S.upsample, seed],
  atradiffAugmentation: (seed: number, part: keyof typeof ATRADIFF_AUGMENTATION_PARTS): StreamKey => [
    S.atradiffAugmentation,
    seed,
    A[part],
  ],
  /** Draws the seed of SynthER's retraining number `retrains`. */
  syntherRetrain: (seed: number, retrains: number): StreamKey => [S.synther, seed, retrains],
  /** The samples of SynthER's retraining number `retrains`. */
  syntherRegeneration: (seed: number, retrains: number): StreamKey => [S.synther, seed, retrains, 1],
} as const;

/**
 * Streams of the benchmarks (never of a result a run reports): each benchmark's own fixed words, so
 * that a benchmark measures the same data every time.
 */
export const benchStreams = {
  gemmOperands: (m: number, n: number, k: number): StreamKey => [m, n, k],
  singleEnvActions: (seed: number): StreamKey => [seed, 1],
  vectorEnvActions: (seed: number): StreamKey => [seed, 2],
  bareEnvActions: (seed: number): StreamKey => [seed, 3],
  renderActions: (seed: number): StreamKey => [seed, 3],
  atradiffStarts: (seed: number): StreamKey => [seed, 7],
  atradiffSamples: (seed: number): StreamKey => [seed, 8],
  architectureTraining: (seed: number, windowLength: number): StreamKey => [seed, windowLength],
  architectureSamples: (seed: number): StreamKey => [seed, 11],
  architectureTransitions: (seed: number): StreamKey => [seed, 12],
  architectureStarts: (seed: number): StreamKey => [seed, 7],
  architectureOneStepModel: (seed: number): StreamKey => [seed, 13],
} as const;
