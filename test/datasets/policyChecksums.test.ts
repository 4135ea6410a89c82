// Committed behavior policies are verified by checksum before a dataset is rolled out with them.
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { verifyCommittedPolicy, writePolicyChecksums } from "../../src/datasets/policyChecksums.js";
import { committedPoliciesDirectory } from "../../src/datasets/projectFiles.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("policy-checksums");

test("every committed policy matches data/policies/checksums.json", () => {
  const dir = committedPoliciesDirectory();
  const policies = readdirSync(dir).filter((n) => n.endsWith(".safetensors"));
  assert.ok(policies.length >= 4, policies.join(", "));
  for (const name of policies) verifyCommittedPolicy(join(dir, name));
});

test("a bit-flipped committed policy is refused in one sentence, before any dataset is built", async () => {
  const dir = tempDir();
  const policy = join(dir, "hopper-medium.safetensors");
  copyFileSync(join(committedPoliciesDirectory(), "hopper-medium.safetensors"), policy);
  writePolicyChecksums(dir);
  verifyCommittedPolicy(policy);
  const bytes = readFileSync(policy);
  bytes[bytes.length - 1000] ^= 0x04; // one bit of one weight: the file still loads and acts
  writeFileSync(policy, bytes);
  const sentence =
    /The behavior policy .*hopper-medium\.safetensors is damaged or was replaced: its SHA-256 is [0-9a-f]{12}\.\.\., but .*checksums\.json lists [0-9a-f]{12}\.\.\.; `npm run policy-checksums` writes the list again when a policy was replaced on purpose\.$/;
  assert.throws(() => verifyCommittedPolicy(policy), sentence);
  const out = join(dir, "hopper-medium.hdf5");
  await assert.rejects(
    buildDataset({ name: "hopper-medium", size: 10, outputPath: out, policiesDirectory: dir }),
    sentence,
  );
  // Regenerating the list accepts the replaced policy (a replacement made on purpose).
  writePolicyChecksums(dir);
  verifyCommittedPolicy(policy);
});

test("a policy missing from the list, or a missing list, is refused with the way to regenerate it", () => {
  const dir = tempDir();
  const policy = join(dir, "hopper-medium.safetensors");
  copyFileSync(join(committedPoliciesDirectory(), "hopper-medium.safetensors"), policy);
  assert.throws(
    () => verifyCommittedPolicy(policy),
    /The behavior policies' checksum list .*checksums\.json is missing; `npm run policy-checksums`/,
  );
  writeFileSync(
    join(dir, "checksums.json"),
    JSON.stringify({ format: "atradiff-policy-checksums-1", sha256: {} }),
  );
  assert.throws(
    () => verifyCommittedPolicy(policy),
    /The behavior policy .*hopper-medium\.safetensors is not listed in .*checksums\.json; /,
  );
});
