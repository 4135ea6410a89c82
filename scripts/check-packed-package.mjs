// What a user of the published package gets: packs this repo (`npm pack`), installs the tarball in
// a scratch project, and checks that it works there as in the repo:
// - the package carries LICENSE and the committed behavior policies, and every source map points at
//   a source file that ships;
// - the CLI runs from the installed package: `atradiff dataset build hopper-medium` (the demo's
//   first stage) builds from the shipped policy, and `import("atradiff")` loads and runs the native
//   engine that the install script compiled (where the machine has a C compiler);
// - every name test/api/promisedNames.json promises imports from the installed package by its
//   entry ("atradiff/agents", ...), and type-checks there with TypeScript's node16 and bundler
//   module resolutions; learn() trains a few steps there and its agent acts, saves and loads.
// CI runs it after `npm test` (.ci/run), which has built dist/: it packs that build (--ignore-scripts).
// It needs the npm registry for the package's dependencies.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(join(tmpdir(), "atradiff-packed-"));
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

function filesUnder(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

try {
  const packed = JSON.parse(
    run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], root),
  )[0];
  const tarball = join(scratch, packed.filename);
  const project = join(scratch, "project");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "scratch", private: true, type: "module" }),
  );
  run("npm", ["install", "--no-audit", "--no-fund", tarball], project);
  const pkg = join(project, "node_modules", "atradiff");

  const problems = [];
  for (const needed of ["LICENSE", "data/policies/hopper-medium.safetensors"])
    if (!existsSync(join(pkg, needed))) problems.push(`the package lacks ${needed}`);
  for (const map of filesUnder(join(pkg, "dist")).filter((f) => f.endsWith(".map"))) {
    const { sources } = JSON.parse(readFileSync(map, "utf8"));
    for (const s of sources)
      if (!existsSync(resolve(dirname(map), s))) problems.push(`${map} points at ${s}, which does not ship`);
  }
  if (problems.length > 0) throw new Error(`${problems.length} problems, first: ${problems[0]}`);

  const data = join(scratch, "data");
  run("npx", ["atradiff", "dataset", "build", "hopper-medium", "--size", "2000"], project, {
    ATRADIFF_DATA: data,
  });
  if (!existsSync(join(data, "hopper-medium.hdf5")))
    throw new Error("dataset build wrote no hopper-medium.hdf5");
  // The install script compiled the native backend from the shipped sources where a C compiler is.
  const engine = run(
    "node",
    [
      "--input-type=module",
      "-e",
      'const m = await import("atradiff"); const e = await m.initEngine(); console.log(e.description); await m.closeEngine();',
    ],
    project,
  ).trim();
  const compiler = spawnSync("cc", ["--version"]).status === 0;
  if (compiler && !engine.startsWith("native"))
    throw new Error(`the installed package runs "${engine}", though this machine has a C compiler`);
  const names = checkPromisedNames(project);
  const learned = run("node", ["learn.mjs"], project, { ATRADIFF_THREADS: "1" }).trim();
  console.log(
    `packed package ${packed.filename} (${packed.entryCount} files): installs, ships its policies and sources, builds hopper-medium, engine ${engine}, ${names}, ${learned}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * Imports every promised name from the installed package by its entry (at run time), and
 * type-checks the same imports with the repo's TypeScript under node16 and bundler resolution.
 * Writes learn.mjs, which trains with learn() for a few steps.
 */
function checkPromisedNames(project) {
  const { entries } = JSON.parse(readFileSync(join(root, "test", "api", "promisedNames.json"), "utf8"));
  const imports = Object.entries(entries).map(
    ([entry, names], i) => `import { ${names.map((n) => `${n} as n${i}_${n}`).join(", ")} } from "${entry}";`,
  );
  const uses = Object.entries(entries).flatMap(([entry, names], i) =>
    names.map((n) => `if (n${i}_${n} === undefined) throw new Error("${entry} does not export ${n}");`),
  );
  const count = Object.values(entries).flat().length;
  writeFileSync(
    join(project, "names.mjs"),
    [...imports, ...uses, `console.log("${count} names");`].join("\n"),
  );
  run("node", ["names.mjs"], project);
  writeFileSync(join(project, "names.ts"), [...imports, ...uses].join("\n"));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const [module, resolution] of [
    ["node16", "node16"],
    ["esnext", "bundler"],
  ])
    run(
      "node",
      [
        tsc,
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "--target",
        "es2022",
        "--module",
        module,
        "--moduleResolution",
        resolution,
        "names.ts",
      ],
      project,
    );
  writeFileSync(
    join(project, "learn.mjs"),
    `import { closeEngine, initEngine, learn, loadTrainedAgent } from "atradiff";
await initEngine({ threads: 1 });
const settings = { agent: "sac", env: "pendulum", steps: 150, randomStartSteps: 100, batchSize: 32, evalEvery: 150, evalEpisodes: 1 };
const { agent, evaluations } = await learn(settings);
const action = agent.predict([1, 0, 0]);
if (action.length !== 1 || !(Math.abs(action[0]) <= 2)) throw new Error("predict gave " + action);
agent.save("model");
const loaded = loadTrainedAgent("model");
if (loaded.predict([1, 0, 0])[0] !== action[0]) throw new Error("the loaded agent acts otherwise");
console.log("learn() trained " + evaluations.at(-1).step + " steps, saved and loaded its agent");
await closeEngine();
`,
  );
  return `${count} promised names import and type-check (node16, bundler)`;
}
