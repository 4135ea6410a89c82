// The models `atradiff bench diffusion` measures, trained once and kept in a work directory so
// that an interrupted bench continues where it stopped and a finished one re-measures for free:
//   <work>/generator/          the ATraDiff generator, trained by `diffuser train`'s resumable
//                              runner (each diffuser saved every `chunkSteps` steps)
//   <work>/generator-single/   the single-diffuser generator (--single), trained the same way
//   <work>/synther.safetensors the SynthER model (trained in one go, then saved)
//   <work>/synther.json        the settings it was trained with
// Models trained with other settings are never reused: the bench stops and asks for --retrain.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { episodesToBatch } from "../../atradiff/fidelity/transitionBatches.js";
import {
  loadGenerator,
  savedGeneratorTrainedOn,
  saveGenerator,
} from "../../atradiff/generator/generatorCheckpoint.js";
import type { GeneratorSettings } from "../../atradiff/generator/generatorSettings.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import { recalibrated } from "../../atradiff/training/generatorRecalibration.js";
import { directoryState, runDiffuserTraining } from "../../atradiff/training/generatorTrainingRun.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import { SyntherModel } from "../../baselines/synther/syntherModel.js";
import type { SyntherSettingsInput } from "../../baselines/synther/syntherSettings.js";
import { trainSynther } from "../../baselines/synther/trainSynther.js";
import { batchAsTransitions } from "../../baselines/synther/transitionRows.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { fileSha256 } from "../../util/fileHash.js";
import { ProgressBoard } from "../../util/progress.js";

/** Where progress goes when the caller shows none. */
const quietStream = { write: () => true } as unknown as NodeJS.WriteStream;

export interface BenchModelOptions {
  workDir: string;
  /** Start over: delete the work directory's models first. */
  force: boolean;
  /** Recorded with the generator so that another dataset is not mistaken for this one. */
  datasetPath: string;
  progress?: ProgressBoard;
}

/** The generator trained on `train` with `settings`, loaded from the work directory or trained (resumably). */
export async function benchGenerator(
  train: TrainingData,
  settings: GeneratorSettings,
  o: BenchModelOptions & { chunkSteps: number; dirName?: string },
): Promise<{ generator: TrajectoryGenerator; trained: boolean }> {
  const dir = join(o.workDir, o.dirName ?? "generator");
  if (!o.force && directoryState(dir) === "generator") {
    const trainedOn = savedGeneratorTrainedOn(dir); // null: saved before it was recorded
    if (trainedOn && trainedOn.dataset !== benchDatasetPath(o))
      throw new Error(
        `${dir} holds a generator trained on ${trainedOn.dataset}, not on ${benchDatasetPath(o)}; give another --work-dir, or --retrain to train anew.`,
      );
    const generator = loadGenerator(dir);
    if (JSON.stringify(generator.settings) === JSON.stringify(settings)) {
      if (generator.prunerCalibration.size > 0) return { generator, trained: false };
      // Saved before calibrations were recorded: its thresholds may follow an older rule, so the
      // pruner is calibrated again on the same training split (the models are unchanged).
      const board = o.progress ?? new ProgressBoard({ stream: quietStream, tty: false });
      const current = await recalibrated(generator, train, settings, (label, total, start) =>
        board.add(label, total, start),
      );
      saveGenerator(current, dir, { trainedOn });
      return { generator: current, trained: false };
    }
    generator.dispose();
    throw new Error(
      `${dir} holds a generator trained with other settings; give the same options, another --work-dir, or --retrain to train anew.`,
    );
  }
  mkdirSync(o.workDir, { recursive: true });
  const { generator } = await runDiffuserTraining({
    data: train,
    datasetPath: benchDatasetPath(o),
    datasetSha256: fileSha256(o.datasetPath),
    settings,
    outDir: dir,
    force: o.force,
    chunkSteps: o.chunkSteps,
    progress: o.progress,
  });
  return { generator, trained: true };
}

/** What the bench's generator training records as its data: the dataset's training split. */
function benchDatasetPath(o: BenchModelOptions): string {
  return `${o.datasetPath} (bench training split)`;
}

/** SynthER trained on the same training episodes, loaded from the work directory or trained and saved. */
export function benchSynther(
  train: TrainingData,
  settings: SyntherSettingsInput,
  o: BenchModelOptions,
): { synther: SyntherModel; trained: boolean } {
  const file = join(o.workDir, "synther.safetensors");
  const recordFile = join(o.workDir, "synther.json");
  const record = `${JSON.stringify({ dataset: o.datasetPath, settings }, null, 2)}\n`;
  if (o.force) rmSync(file, { force: true });
  if (existsSync(file)) {
    if (existsSync(recordFile) && readFileSync(recordFile, "utf8") === record)
      return { synther: SyntherModel.load(file), trained: false };
    throw new Error(
      `${file} was trained with other settings; give the same options, another --work-dir, or --retrain to train anew.`,
    );
  }
  mkdirSync(o.workDir, { recursive: true });
  const total = (settings.diffusion?.training?.totalSteps as number | undefined) ?? 100_000;
  const task = o.progress?.add("SynthER", total, 0);
  const synther = trainSynther(
    batchAsTransitions(episodesToBatch(train.episodes, train.obsDim, train.actDim)),
    settings,
    {
      onProgress: (p) => task?.update(p.step, { loss: p.loss }),
    },
  );
  task?.finish();
  writeFileAtomic(recordFile, record); // first: a kill between the writes leaves no unrecorded model
  synther.save(file);
  return { synther, trained: true };
}
