// ATraDiff in the online loop: the replay buffer becomes Algorithm 1's augmented buffer (§4.2)
// around the real one, its requests generated in a worker thread, and, with an importance
// indicator, the generator is adapted online every `every` env steps (§4.3).
//
// - L is settings.expectedLength, or measured once by a generation pass from `probeStates` (a
//   fresh run only; a resumed run reads it from its checkpoint).
// - Adapting: the augmented buffer is flushed (every pending request is served by the generator it
//   was made under), the diffusers are fine-tuned in this thread, the adapted generator is saved to
//   a new directory under workDir and a new worker is started on it (generatorWorkers.ts).
//   workDir only serves the live worker: it is removed when the buffer closes (the run finished,
//   stopped or failed), since a resume saves the checkpoint's adapted generator there again.
// - A checkpoint holds D_o, D_s, the buffer's request state, L, the adaptation's state and the
//   adapted generator; resuming loads the original generator (the frozen copy against forgetting
//   is the original) and copies the adapted diffusers' state into it.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Agent } from "../../agents/types.js";
import type { AdaptationSettings } from "../../atradiff/adaptation/adaptationSettings.js";
import { OnlineAdaptation, type OnlineAdaptationState } from "../../atradiff/adaptation/onlineAdaptation.js";
import type { AugmentedBufferSettings } from "../../atradiff/augmented/augmentedBufferSettings.js";
import {
  AugmentedReplayBuffer,
  type SavedAugmentedReplayBufferState,
} from "../../atradiff/augmented/augmentedReplayBuffer.js";
import { measureExpectedLength } from "../../atradiff/augmented/expectedLength.js";
import { generatorSource } from "../../atradiff/augmented/trajectorySource.js";
import { loadGenerator, saveGenerator } from "../../atradiff/generator/generatorCheckpoint.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import type { Batch } from "../../data/batch.js";
import { ReplayBuffer, type Transition } from "../../data/replayBuffer.js";
import { loadReplayBufferInto, saveReplayBuffer } from "../../data/replayBufferFile.js";
import type { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Rng } from "../../engine/rng.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { randomStreams } from "../../util/randomStreams.js";
import { type BufferMetrics, REPLAY_FILE, type TrainingBuffer } from "../loops/trainingBuffer.js";
import { GeneratorWorkers } from "./generatorWorkers.js";
import { type BufferUnits, inBufferUnits } from "./runGeneratorSource.js";

export const SYNTHETIC_FILE = "synthetic.safetensors";
export const AUGMENT_STATE_FILE = "augment.json";
export const ADAPTED_GENERATOR_DIR = "generator";

export interface AtradiffTrainingBufferOptions {
  /** D_o. */
  real: ReplayBuffer;
  settings: AugmentedBufferSettings;
  /** null: the generator stays fixed. */
  adaptation: AdaptationSettings | null;
  /** The trained generator (`atradiff diffuser train`); only read. */
  generatorDir: string;
  /** Where adapted generators are saved for the worker (a run's own directory; emptied at start, removed at close). */
  workDir: string;
  seed: number;
  /** States (buffer units, row-major) that L is measured from when it is not given. */
  probeStates: Float32Array;
  units: BufferUnits;
  task: number;
  samplerSteps: number | null;
  workerThreads: number;
}

interface SavedState {
  expectedLength: number;
  adaptations: number;
  buffer: SavedAugmentedReplayBufferState;
  adaptation: OnlineAdaptationState | null;
}

export class AtradiffTrainingBuffer implements TrainingBuffer {
  readonly real: ReplayBuffer;
  readonly synthetic: ReplayBuffer;
  private augmented: AugmentedReplayBuffer | null = null;
  private workers: GeneratorWorkers | null = null;
  private generator: TrajectoryGenerator | null = null;
  private adaptation: OnlineAdaptation | null = null;
  private adaptations = 0;
  /** The directory the current worker generates from. */
  private workerDir = "";
  private adaptationSeconds = 0;
  private reportedGeneration = 0;
  private reportedWait = 0;

  constructor(private readonly o: AtradiffTrainingBufferOptions) {
    this.real = o.real;
    this.synthetic = new ReplayBuffer(o.settings.syntheticCapacity, o.real.obsDim, o.real.actDim);
  }

  get size(): number {
    return this.real.size + this.synthetic.size;
  }

  /** The augmented buffer (started on first use). */
  get buffer(): AugmentedReplayBuffer {
    if (!this.augmented) this.start(null);
    return this.augmented!;
  }

  store(t: Transition): void {
    this.buffer.store(t);
  }

  sample(batchSize: number, rng: Rng): Batch {
    return this.buffer.sample(batchSize, rng);
  }

  afterStep(step: number, agent: Agent): void {
    const buffer = this.buffer;
    if (!this.adaptation?.due(step)) return;
    const started = performance.now();
    buffer.flush();
    this.adaptation.adapt(agent);
    this.adaptations++;
    const old = this.workerDir;
    const removable = this.workers!.currentLoaded && old !== this.o.generatorDir;
    this.workerDir = this.saveForWorker();
    this.workers!.switchTo(this.workerDir);
    // A worker that never returned a batch may still be reading its directory: start() removes it.
    if (removable) rmSync(old, { recursive: true, force: true });
    this.adaptationSeconds += (performance.now() - started) / 1000;
  }

  metrics(): BufferMetrics {
    const b = this.buffer;
    const w = this.workers!;
    const lag = b.lag;
    const generation = b.generation;
    const out: BufferMetrics = {
      synthetic: {
        rows: this.synthetic.state.totalStored,
        trajectories: b.insertedTrajectories,
        requests: b.requests,
        expectedLength: b.expectedLength,
        adaptations: this.adaptations,
        // Env steps from a trajectory's request to its insertion into D_s (Algorithm 1: 0).
        meanLagSteps: lag.meanSteps,
        maxLagSteps: lag.maxSteps,
        // Of the steps generated so far: the share the plausibility gate kept, and the share whose
        // action was outside [-1, 1] and clipped.
        generatedSteps: generation.generatedSteps,
        keptShare: generation.keptShare,
        clippedActionShare: generation.clippedActionShare,
      },
      generationSeconds: w.generationSeconds - this.reportedGeneration,
      generationWaitSeconds: w.waitSeconds - this.reportedWait,
      adaptationSeconds: this.adaptationSeconds,
    };
    this.reportedGeneration = w.generationSeconds;
    this.reportedWait = w.waitSeconds;
    this.adaptationSeconds = 0;
    return out;
  }

  save(dir: string): void {
    const b = this.buffer;
    saveReplayBuffer(join(dir, REPLAY_FILE), this.real);
    saveReplayBuffer(join(dir, SYNTHETIC_FILE), this.synthetic);
    if (this.adaptation) saveGenerator(this.generator!, join(dir, ADAPTED_GENERATOR_DIR));
    const state: SavedState = {
      expectedLength: b.expectedLength,
      adaptations: this.adaptations,
      buffer: b.state,
      adaptation: this.adaptation?.state ?? null,
    };
    writeFileAtomic(join(dir, AUGMENT_STATE_FILE), `${JSON.stringify(state)}\n`);
  }

  restore(dir: string): void {
    if (this.augmented) throw new Error("An ATraDiff buffer can only be restored before it is used.");
    const path = join(dir, AUGMENT_STATE_FILE);
    if (!existsSync(path)) throw new Error(`The checkpoint ${dir} has no ${AUGMENT_STATE_FILE}.`);
    const state = JSON.parse(readFileSync(path, "utf8")) as SavedState;
    loadReplayBufferInto(join(dir, REPLAY_FILE), this.real);
    loadReplayBufferInto(join(dir, SYNTHETIC_FILE), this.synthetic);
    this.start({ state, adaptedDir: join(dir, ADAPTED_GENERATOR_DIR) });
  }

  /**
   * Ends the worker and removes the adapted generators saved for it: a resume rebuilds them from
   * its checkpoint, so nothing there outlives the session.
   */
  close(): void {
    this.workers?.close();
    rmSync(this.o.workDir, { recursive: true, force: true });
    this.adaptation?.dispose();
    this.generator?.dispose();
    this.workers = null;
    this.adaptation = null;
    this.generator = null;
  }

  private start(saved: { state: SavedState; adaptedDir: string } | null): void {
    const o = this.o;
    rmSync(o.workDir, { recursive: true, force: true });
    const needGenerator = o.adaptation !== null || (!saved && o.settings.expectedLength === null);
    if (needGenerator) {
      const g = loadGenerator(o.generatorDir);
      this.generator = g;
      if (g.obsDim !== this.real.obsDim || g.actDim !== this.real.actDim)
        throw new Error(
          `The generator ${o.generatorDir} makes observation/action sizes ${g.obsDim}/${g.actDim} but the replay buffer holds ${this.real.obsDim}/${this.real.actDim}.`,
        );
    }
    const expectedLength = saved?.state.expectedLength ?? o.settings.expectedLength ?? this.measureL();
    this.workerDir = o.generatorDir;
    if (o.adaptation) {
      const g = this.generator!;
      this.adaptation = new OnlineAdaptation({
        diffusers: g.diffusers,
        prompt: g.prompt,
        task: o.task,
        real: this.real,
        settings: o.adaptation,
        seed: new Rng(randomStreams.atradiffAugmentation(o.seed, "adaptation")).nextUint32(),
      });
      if (saved?.state.adaptation) {
        this.adaptations = saved.state.adaptations;
        const adapted = loadGenerator(saved.adaptedDir);
        try {
          g.diffusers.forEach((d, i) => copyTrainerState(d.diffusion, adapted.diffusers[i].diffusion));
        } finally {
          adapted.dispose();
        }
        this.adaptation.restore(saved.state.adaptation);
        this.workerDir = this.saveForWorker();
      }
    } else if (this.generator) {
      this.generator.dispose();
      this.generator = null;
    }
    this.workers = new GeneratorWorkers(
      {
        seed: new Rng(randomStreams.atradiffAugmentation(o.seed, "generatorWorkers")).nextUint32(),
        obsDim: this.real.obsDim,
        actDim: this.real.actDim,
        engineThreads: o.workerThreads,
        source: { task: o.task, steps: o.samplerSteps, units: o.units },
      },
      this.workerDir,
    );
    this.augmented = new AugmentedReplayBuffer({
      real: this.real,
      synthetic: this.synthetic,
      settings: o.settings,
      expectedLength,
      backend: this.workers,
      seed: new Rng(randomStreams.atradiffAugmentation(o.seed, "augmentedBuffer")).nextUint32(),
    });
    if (saved) this.augmented.restore(saved.state.buffer);
  }

  /** Algorithm 1's L from a preliminary generation pass (method.md §4). */
  private measureL(): number {
    const o = this.o;
    const source = inBufferUnits(
      generatorSource(this.generator!, { task: o.task, steps: o.samplerSteps ?? undefined }),
      o.units,
    );
    const length = measureExpectedLength(
      source,
      o.probeStates,
      new Rng(randomStreams.atradiffAugmentation(o.seed, "lengthProbe")),
    );
    const { rho } = o.settings;
    // Algorithm 1 needs at most one request per store; a gate that cuts nearly everything says why not.
    if (this.generator!.gate && rho / ((1 - rho) * length) > 1)
      throw new Error(
        `The generator ${o.generatorDir} makes trajectories of ${length.toFixed(2)} steps on average after its plausibility gate, too short for rho ${rho} (rho / ((1 - rho) L) exceeds 1): the gate finds most of its steps implausible; train the generator further, or train one without the gate (diffuser train --no-gate).`,
      );
    return length;
  }

  /** Saves the current generator to a fresh directory for the next worker. */
  private saveForWorker(): string {
    const dir = join(this.o.workDir, `adapted-${this.adaptations}`);
    mkdirSync(this.o.workDir, { recursive: true });
    saveGenerator(this.generator!, dir);
    return dir;
  }
}

// Copies a diffusion trainer's whole training state (weights, EMA weights, Adam moments and step
// counts) into another of the same shape: a resumed ATraDiff run loads the original generator (its
// frozen copy must be the original, §4.3) and then puts the adapted diffusers' state into it.
function copyTrainerState(target: DiffusionTrainer, source: DiffusionTrainer): void {
  if (target.dataDim !== source.dataDim || target.conditionDim !== source.conditionDim)
    throw new Error(
      `Cannot copy a diffuser of rows ${source.dataDim} / conditions ${source.conditionDim} into one of ${target.dataDim} / ${target.conditionDim}.`,
    );
  target.model.copyFrom(source.model);
  target.emaModel.copyFrom(source.emaModel);
  const theirs = source.optimizer.stateTensors();
  for (const [name, t] of target.optimizer.stateTensors()) {
    const s = theirs.get(name);
    if (!s || s.size !== t.size) throw new Error(`The saved diffuser lacks optimizer state "${name}".`);
    t.copyFrom(s);
  }
  target.stepCount = source.stepCount;
  target.optimizer.stepCount = source.optimizer.stepCount;
  target.optimizer.lr = source.optimizer.lr;
}
