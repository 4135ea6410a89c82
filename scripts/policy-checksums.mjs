// Writes data/policies/checksums.json (the SHA-256 of every committed behavior policy) again, after a
// policy was replaced on purpose: `npm run policy-checksums` (builds first). A directory other than
// data/policies/ may be given as the argument.

import { POLICY_CHECKSUMS_FILE, writePolicyChecksums } from "../dist/src/datasets/policyChecksums.js";
import { committedPoliciesDirectory } from "../dist/src/datasets/projectFiles.js";

const dir = process.argv[2] ?? committedPoliciesDirectory();
const list = writePolicyChecksums(dir);
for (const [name, sha] of Object.entries(list)) console.log(`${sha}  ${name}`);
console.log(`wrote ${dir}/${POLICY_CHECKSUMS_FILE} (${Object.keys(list).length} policies)`);
