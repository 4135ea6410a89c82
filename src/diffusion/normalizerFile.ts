// A normalizer saved as a JSON file and loaded back (Node; normalizer.ts has its JSON form).
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { Normalizer } from "./normalizer.js";

/** Writes the normalizer as JSON (atomically). float32 values survive the round trip exactly. */
export function saveNormalizer(path: string, normalizer: Normalizer): void {
  writeFileAtomic(path, `${JSON.stringify(normalizer.toJson())}\n`);
}

export function loadNormalizer(path: string): Normalizer {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`The normalizer file ${path} cannot be read.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The normalizer file ${path} is not valid JSON.`);
  }
  return Normalizer.fromJson(json, `The normalizer file ${path}`);
}
