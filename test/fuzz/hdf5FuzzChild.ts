// The HDF5 side of the reader fuzz test, run in a child process (test/fuzz/hdf5Fuzz.test.ts) so that
// a hang inside the WebAssembly HDF5 library is stopped by a timeout and its memory is measured
// alone. Arguments: the valid file, a scratch directory, the seed and the number of cases. Prints
// one JSON line per case ({case, what, accepted, problem}) and a last line with the peak RSS.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { Rng } from "../../src/engine/rng.js";
import { corrupt, oneSentenceProblem } from "./corruption.js";

const [validPath, scratch, seedText, casesText] = process.argv.slice(2);
const valid = readFileSync(validPath);
const rng = new Rng([Number(seedText), 3]);
// HDF5's superblock and root group sit in the first kilobytes; the rest is mostly column data.
const headerEnd = 2048;
for (let c = 0; c < Number(casesText); c++) {
  const { what, bytes } = corrupt(valid, headerEnd, rng);
  // A new name per case: HDF5 keeps a file whose objects were not all released open under its
  // name, and would serve the previous case's bytes for the same path.
  const path = join(scratch, `fuzz-${c}.hdf5`);
  writeFileSync(path, bytes);
  let accepted = false;
  let problem: string | null = null;
  try {
    const { dataset } = await readDatasetFile(path);
    accepted = true;
    if (dataset.observations.length !== dataset.size * dataset.obsDim) problem = "inconsistent sizes";
  } catch (err) {
    problem = oneSentenceProblem(err);
  }
  rmSync(path);
  console.log(JSON.stringify({ case: c, what, accepted, problem }));
}
console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
