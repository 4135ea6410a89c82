// The files a run depends on besides its own directory: the dataset, the ATraDiff generator
// directory, a pre-trained SynthER model. A run killed and resumed must continue with the very
// inputs it started with, or it silently stops being what its config says. So a run records each
// input's identity in inputs.json (next to its config.json) when it starts, and a resume compares
// them again and refuses a changed one in one sentence.
//
// Identity is the SHA-256 of the bytes (of every file, for a generator directory) and the size: a
// content hash, not a modification time, so a copy or a `touch` is no change while an edit that
// keeps size and time is one. Hashing streams each file once through a small buffer and costs less
// than the run's own read of the dataset, so it is done in full at every start and resume rather
// than cached or sampled.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { fileSha256 } from "../../util/fileHash.js";
import type { RunConfig } from "./runConfig.js";

export const INPUTS_FILE = "inputs.json";

export interface InputIdentity {
  /** "dataset", "generator", "SynthER model". */
  input: string;
  path: string;
  /** Total bytes (of every file, for a directory). */
  bytes: number;
  sha256: string;
}

function fileIdentity(input: string, path: string): InputIdentity {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new Error(`The ${input} ${path} of the run is missing or not a file.`);
  return { input, path, bytes: statSync(path).size, sha256: fileSha256(path) };
}

/** A directory's identity: the hash of its files' names and hashes, in name order. */
function directoryIdentity(input: string, path: string): InputIdentity {
  if (!existsSync(path) || !statSync(path).isDirectory())
    throw new Error(`The ${input} ${path} of the run is missing or not a directory.`);
  const lines: string[] = [];
  let bytes = 0;
  for (const name of readdirSync(path).sort()) {
    const file = join(path, name);
    if (!statSync(file).isFile()) continue;
    bytes += statSync(file).size;
    lines.push(`${fileSha256(file)}  ${name}`);
  }
  return { input, path, bytes, sha256: createHash("sha256").update(lines.join("\n")).digest("hex") };
}

/** The identities of every input `config` names, in a fixed order. */
export function identifyRunInputs(config: RunConfig): InputIdentity[] {
  const out: InputIdentity[] = [];
  if (config.dataset !== undefined) out.push(fileIdentity("dataset", config.dataset));
  if (config.generator !== undefined) out.push(directoryIdentity("generator", config.generator));
  const pretrained = config.augmentSettings.synther.pretrained;
  if (pretrained !== null) out.push(fileIdentity("SynthER model", pretrained));
  return out;
}

function describeChange(was: InputIdentity, now: InputIdentity): string {
  const size =
    was.bytes === now.bytes ? `still ${now.bytes} bytes` : `${was.bytes} bytes then, ${now.bytes} now`;
  return `its contents changed (SHA-256 ${was.sha256.slice(0, 12)}... when the run started, ${now.sha256.slice(0, 12)}... now; ${size})`;
}

/**
 * A fresh start records the inputs' identities in `<seedDir>/inputs.json`; a resume (`resuming`)
 * checks them against the record and throws one sentence naming the first changed input. A run
 * started before identities were recorded has them recorded at its first resume.
 */
export function recordOrCheckRunInputs(seedDir: string, config: RunConfig, resuming: boolean): void {
  const path = join(seedDir, INPUTS_FILE);
  const now = identifyRunInputs(config);
  if (resuming && existsSync(path)) {
    let recorded: InputIdentity[];
    try {
      recorded = JSON.parse(readFileSync(path, "utf8")) as InputIdentity[];
      if (!Array.isArray(recorded)) throw new Error("not a list");
    } catch {
      throw new Error(`${path} is not the list of input identities the run recorded when it started.`);
    }
    for (const was of recorded) {
      const current = now.find((x) => x.input === was?.input);
      if (!current)
        throw new Error(
          `The run ${seedDir} started with the ${was?.input} ${was?.path}, which its config no longer names; resume it with the inputs it started with.`,
        );
      if (current.sha256 !== was.sha256)
        throw new Error(
          `The ${was.input} ${current.path} of the run ${seedDir} is not the one the run started with: ${describeChange(was, current)}; resume it with the original, or start a new run.`,
        );
    }
    const extra = now.find((x) => !recorded.some((r) => r?.input === x.input));
    if (extra)
      throw new Error(
        `The run ${seedDir} started without a ${extra.input}, but its config now names ${extra.path}; resume it with the inputs it started with.`,
      );
    return;
  }
  writeFileAtomic(path, `${JSON.stringify(now, null, 2)}\n`);
}
