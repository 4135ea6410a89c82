// Stage: a trained generator's simulator fidelity (atradiff/fidelity/generatorFidelity.ts): its
// trajectories from the dataset's states replayed in MuJoCo, next-state and reward NMSE overall and
// per position, the shares of clipped actions and of steps the plausibility gate kept, written as
// one JSON file that the report shows beside the learning curves. Quick (seconds to a minute), so a
// killed measurement is simply made again; a file made for another generator (its manifest changed)
// or other settings is measured again.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { GeneratorFidelity } from "../atradiff/fidelity/generatorFidelity.js";
import { measureGeneratorFidelity } from "../atradiff/fidelity/generatorFidelity.js";
import { loadGenerator } from "../atradiff/generator/generatorCheckpoint.js";
import { readDatasetFile } from "../data/hdf5/readDatasetFile.js";
import { FIDELITY_SEED, FIDELITY_STARTS } from "../settings/experiments.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { fileSha256 } from "../util/fileHash.js";
import type { GeneratorFidelitySpec } from "./pipelinePlan.js";
import { canonicalJson } from "./planRunConfig.js";
import type { Stage, StageState } from "./stage.js";

export const GENERATOR_FIDELITY_FORMAT = "atradiff-generator-fidelity-v1";

/** The file's contents: what was measured, of which generator, and the numbers. */
export interface GeneratorFidelityFile {
  format: typeof GENERATOR_FIDELITY_FORMAT;
  label: string;
  /** The measurement's inputs (spec with defaults filled in, file left out). */
  measured: Required<Omit<GeneratorFidelitySpec, "file" | "label" | "samplerSteps" | "env">> & {
    samplerSteps: number | null;
    env: string | null;
  };
  /** SHA-256 of the generator's manifest.json when measured. */
  generatorManifestSha256: string;
  createdAt: string;
  /** CPU seconds of the measurement (this process, all threads). */
  cpuSeconds: number;
  fidelity: GeneratorFidelity;
}

export function fidelityLabel(spec: GeneratorFidelitySpec): string {
  return spec.label ?? basename(spec.generator);
}

function measured(spec: GeneratorFidelitySpec): GeneratorFidelityFile["measured"] {
  return {
    generator: spec.generator,
    dataset: spec.dataset,
    starts: spec.starts ?? FIDELITY_STARTS,
    seed: spec.seed ?? FIDELITY_SEED,
    samplerSteps: spec.samplerSteps ?? null,
    env: spec.env ?? null,
  };
}

const manifestSha = (spec: GeneratorFidelitySpec) => fileSha256(join(spec.generator, "manifest.json"));

/** The file's record, or null when it is missing or unreadable. */
export function readGeneratorFidelityFile(file: string): GeneratorFidelityFile | null {
  if (!existsSync(file)) return null;
  try {
    const f = JSON.parse(readFileSync(file, "utf8")) as GeneratorFidelityFile;
    return f?.format === GENERATOR_FIDELITY_FORMAT ? f : null;
  } catch {
    return null;
  }
}

function state(spec: GeneratorFidelitySpec): StageState {
  const f = readGeneratorFidelityFile(spec.file);
  // A generator without its manifest (removed, or left partial) is measured again, which then says why it cannot be.
  if (f === null || !existsSync(join(spec.generator, "manifest.json"))) return "todo";
  const same =
    canonicalJson(f.measured) === canonicalJson(measured(spec)) &&
    f.generatorManifestSha256 === manifestSha(spec);
  return same ? "done" : "todo";
}

export function generatorFidelityStage(spec: GeneratorFidelitySpec): Stage {
  return {
    label: `simulator fidelity of ${spec.generator} -> ${spec.file}`,
    state: () => state(spec),
    run: async ({ board }) => {
      const m = measured(spec);
      const task = board.add("fidelity", 1, 0);
      const { dataset } = await readDatasetFile(spec.dataset);
      const sha = manifestSha(spec);
      const generator = loadGenerator(spec.generator);
      const cpu0 = process.cpuUsage();
      let fidelity: GeneratorFidelity;
      try {
        fidelity = await measureGeneratorFidelity(generator, dataset, {
          n: m.starts,
          seed: m.seed,
          samplerSteps: spec.samplerSteps,
          env: spec.env,
        });
      } finally {
        generator.dispose();
      }
      const cpu = process.cpuUsage(cpu0);
      const file: GeneratorFidelityFile = {
        format: GENERATOR_FIDELITY_FORMAT,
        label: fidelityLabel(spec),
        measured: m,
        generatorManifestSha256: sha,
        createdAt: new Date().toISOString(),
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        fidelity,
      };
      writeFileAtomic(spec.file, `${JSON.stringify(file, null, 2)}\n`);
      task.update(1);
      task.finish();
    },
  };
}
