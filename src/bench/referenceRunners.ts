// The optional reference implementations the benchmarks compare against, run as Python processes:
// PyTorch (Debian's python3-torch through /usr/bin/python3) and JAX/XLA (a Python that imports
// jax, flax and optax: ATRADIFF_JAX_PYTHON, else `python3` on PATH). A missing one is reported by
// name and skipped; a present one that fails is an error.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const TORCH_PYTHON = "/usr/bin/python3";

/** The Python that runs the JAX reference. */
export function jaxPython(): string {
  return process.env.ATRADIFF_JAX_PYTHON || "python3";
}

/** dist/src/bench/ -> scripts/bench/<name> in the package. */
export function benchScript(name: string): string {
  return fileURLToPath(new URL(`../../../scripts/bench/${name}`, import.meta.url));
}

/** Whether `python -c "import <modules>"` works. */
export function pythonHas(python: string, modules: string): boolean {
  return spawnSync(python, ["-c", `import ${modules}`], { stdio: "ignore" }).status === 0;
}

/**
 * Runs a reference script and parses the JSON object on its last line of output. `oneCore` pins it
 * to one CPU (XLA's CPU client otherwise uses every core it may).
 */
export function runReference<T>(python: string, script: string, args: string[], oneCore = false): T {
  const command = oneCore ? "taskset" : python;
  const argv = oneCore ? ["-c", "0", python, script, ...args] : [script, ...args];
  const r = spawnSync(command, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0)
    throw new Error(`The reference benchmark ${script} failed: ${r.stderr || r.error?.message}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}
