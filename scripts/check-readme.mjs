#!/usr/bin/env node
// Runs the README's quick start as a new user would, so that the README cannot promise a command
// that fails: every command of the fenced block marked ```sh quickstart, in order, in a fresh
// temporary directory with an empty data directory (ATRADIFF_DATA), against this checkout's built
// CLI (a command's leading `atradiff` or `npx atradiff` becomes `node <checkout>/bin/atradiff.js`). A command that exits non-zero or
// runs past the time limit fails the check; each command's wall time and the load average are
// printed, which is where the README's stated durations come from.
//
//   node scripts/check-readme.mjs [--timeout-seconds 600] [--keep]
//
// --keep leaves the temporary directory in place (its path is printed). CI runs this after
// `npm test` (.ci/run). Commands run one after the other in one directory, so later ones can use
// what earlier ones wrote; a line ending in a backslash continues on the next.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin", "atradiff.js");
const MARK = "sh quickstart";
// A ```js library block is run as a module inside this checkout, so that `from "atradiff"` is the
// package itself (Node resolves a package's own name through its exports), in the same directory.
const LIBRARY_MARK = "js library";

/** The code of every ```js library block. */
function libraryBlocks(markdown) {
  const blocks = [];
  let current = null;
  for (const line of markdown.split("\n")) {
    const fence = line.trim().startsWith("```");
    if (current === null) {
      if (fence && line.trim().slice(3).trim() === LIBRARY_MARK) current = [];
    } else if (fence) {
      blocks.push(current.join("\n"));
      current = null;
    } else current.push(line);
  }
  if (current !== null) fail("A library block in README.md is never closed.");
  return blocks;
}

function parseArgs(argv) {
  const options = { timeoutSeconds: 600, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--keep") options.keep = true;
    else if (arg === "--timeout-seconds") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value <= 0) {
        fail(`--timeout-seconds must be a whole number of seconds above 0, not "${argv[i]}".`);
      }
      options.timeoutSeconds = value;
    } else fail(`Unknown option "${arg}": expected --timeout-seconds <s> or --keep.`);
  }
  return options;
}

function fail(sentence) {
  console.error(`check-readme: ${sentence}`);
  process.exit(1);
}

/** The commands of every ```sh quickstart block, continuation lines joined, comments and blanks dropped. */
function quickstartCommands(markdown) {
  const commands = [];
  let inBlock = false;
  let pending = "";
  for (const line of markdown.split("\n")) {
    const fence = line.trim().startsWith("```");
    if (!inBlock) {
      if (fence && line.trim().slice(3).trim() === MARK) inBlock = true;
      continue;
    }
    if (fence) {
      if (pending) fail(`The quick start block ends inside a continued command: "${pending.trim()}".`);
      inBlock = false;
      continue;
    }
    const text = pending + (pending ? line.trimStart() : line);
    if (text.endsWith("\\")) {
      pending = `${text.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = "";
    // A trailing comment (the README notes each command's time there) is not part of the command.
    const command = text.replace(/\s+#[^'"`]*$/, "").trim();
    if (command === "" || command.startsWith("#")) continue;
    commands.push(command);
  }
  if (inBlock) fail("The quick start block in README.md is never closed.");
  return commands;
}

/** The command as run here: a leading `atradiff` (or `npx atradiff`) is this checkout's CLI. */
function localCommand(command) {
  return command.replace(/^(npx )?atradiff\b/, `node ${JSON.stringify(cli)}`);
}

/** Runs one command in its own process group; resolves to {code, seconds, output}, killing the group at the limit. */
function run(command, cwd, env, timeoutSeconds) {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn("bash", ["-euo", "pipefail", "-c", command], { cwd, env, detached: true });
    let output = "";
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group already ended
      }
    }, timeoutSeconds * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolvePromise({ code: timedOut ? null : code, timedOut, seconds, output });
    });
  });
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(root, "dist", "src", "cli", "main.js"))) {
    fail("The CLI is not built (no dist/src/cli/main.js): run `npm ci` (or `npm run build`) first.");
  }
  const commands = quickstartCommands(readFileSync(join(root, "README.md"), "utf8"));
  if (commands.length === 0) fail(`README.md has no \`\`\`${MARK} block with commands in it.`);
  const work = mkdtempSync(join(tmpdir(), "atradiff-readme-"));
  const env = { ...process.env, ATRADIFF_DATA: join(work, "data") };
  console.log(`check-readme: ${commands.length} quick start commands in ${work} (load average ${load()})`);
  const times = [];
  for (const command of commands) {
    console.log(`\n$ ${command}`);
    const result = await run(localCommand(command), work, env, options.timeoutSeconds);
    times.push([command, result.seconds]);
    if (result.code !== 0) {
      console.error(result.output);
      const why = result.timedOut
        ? `ran past the limit of ${options.timeoutSeconds} s and was stopped`
        : `exited with code ${result.code}`;
      console.error(`check-readme: "${command}" ${why} (directory kept: ${work}).`);
      process.exit(1);
    }
    console.log(`  ok in ${result.seconds.toFixed(1)} s (load average ${load()})`);
  }
  const blocks = libraryBlocks(readFileSync(join(root, "README.md"), "utf8"));
  for (const [i, code] of blocks.entries()) {
    const file = join(root, `.check-readme-library-${process.pid}-${i}.mjs`);
    writeFileSync(file, code);
    console.log(`\n$ node <README library block ${i + 1}>`);
    try {
      const result = await run(`node ${JSON.stringify(file)}`, work, env, options.timeoutSeconds);
      times.push([`library block ${i + 1}`, result.seconds]);
      if (result.code !== 0) {
        console.error(result.output);
        console.error(`check-readme: README library block ${i + 1} failed (directory kept: ${work}).`);
        rmSync(file, { force: true });
        process.exit(1);
      }
      console.log(`  ok in ${result.seconds.toFixed(1)} s (load average ${load()})`);
    } finally {
      rmSync(file, { force: true });
    }
  }
  const total = times.reduce((sum, [, s]) => sum + s, 0);
  console.log(`\ncheck-readme: all ${commands.length} commands passed in ${total.toFixed(0)} s:`);
  for (const [command, seconds] of times) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${command}`);
  if (options.keep) console.log(`check-readme: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

await main();
