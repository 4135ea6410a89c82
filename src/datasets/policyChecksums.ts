// The committed behavior policies (data/policies/*.safetensors) are verified before use against a
// checksum list committed beside them, data/policies/checksums.json ({"format", "sha256": {file:
// hex}}): a policy with a flipped bit still loads and still acts, only badly, and a dataset rolled
// out with it would silently not be what its name says. When a policy is replaced on purpose,
// `npm run policy-checksums` (scripts/policy-checksums.mjs) writes the list again.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { fileSha256 } from "../util/fileHash.js";

export const POLICY_CHECKSUMS_FILE = "checksums.json";
const FORMAT = "atradiff-policy-checksums-1";
const REGENERATE = "`npm run policy-checksums` writes the list again when a policy was replaced on purpose";

interface ChecksumList {
  format: string;
  sha256: Record<string, string>;
}

/** Writes `<dir>/checksums.json` for every .safetensors file of `dir`; returns the list. */
export function writePolicyChecksums(dir: string): Record<string, string> {
  const sha256: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".safetensors"))
    .sort())
    sha256[name] = fileSha256(join(dir, name));
  const list: ChecksumList = { format: FORMAT, sha256 };
  writeFileAtomic(join(dir, POLICY_CHECKSUMS_FILE), `${JSON.stringify(list, null, 2)}\n`);
  return sha256;
}

function readChecksums(listPath: string): Record<string, string> {
  if (!existsSync(listPath))
    throw new Error(`The behavior policies' checksum list ${listPath} is missing; ${REGENERATE}.`);
  let list: Partial<ChecksumList> | null;
  try {
    list = JSON.parse(readFileSync(listPath, "utf8")) as Partial<ChecksumList> | null;
  } catch {
    list = null;
  }
  if (list?.format !== FORMAT || list.sha256 === null || typeof list.sha256 !== "object")
    throw new Error(`The checksum list ${listPath} is not a ${FORMAT} file; ${REGENERATE}.`);
  return list.sha256;
}

/**
 * Refuses, in one sentence, a committed policy file whose SHA-256 differs from the one listed for
 * it in checksums.json of its directory (or that the list does not name).
 */
export function verifyCommittedPolicy(path: string): void {
  const listPath = join(dirname(path), POLICY_CHECKSUMS_FILE);
  const expected = readChecksums(listPath)[basename(path)];
  if (typeof expected !== "string")
    throw new Error(`The behavior policy ${path} is not listed in ${listPath}; ${REGENERATE}.`);
  const actual = fileSha256(path);
  if (actual !== expected)
    throw new Error(
      `The behavior policy ${path} is damaged or was replaced: its SHA-256 is ${actual.slice(0, 12)}..., but ${listPath} lists ${expected.slice(0, 12)}...; ${REGENERATE}.`,
    );
}
