// One memory budget for every size that a file or a flag declares. Sizes come from outside (an
// HDF5 header, a safetensors header, `--n`, `--batch-size`, a settings file) and are checked here
// before anything is allocated, so a hostile or mistyped size fails in one sentence instead of
// exhausting the machine. The budget is ATRADIFF_MEMORY_BUDGET (GiB), by default half of the
// machine's memory, never more than 16 GiB.
import { environmentVariable, totalMemoryBytes } from "#host";

const GIB = 1024 ** 3;
export const MEMORY_BUDGET_VARIABLE = "ATRADIFF_MEMORY_BUDGET";

export class MemoryBudgetError extends Error {
  override name = "MemoryBudgetError";
}

/** The budget in bytes: ATRADIFF_MEMORY_BUDGET (GiB, a positive number) or the default. */
export function memoryBudgetBytes(): number {
  const raw = environmentVariable(MEMORY_BUDGET_VARIABLE);
  if (raw !== undefined && raw.trim() !== "") {
    const gib = Number(raw);
    if (!Number.isFinite(gib) || gib <= 0)
      throw new MemoryBudgetError(
        `${MEMORY_BUDGET_VARIABLE} must be a positive number of GiB, got "${raw}".`,
      );
    return gib * GIB;
  }
  return Math.min(16 * GIB, totalMemoryBytes() / 2);
}

/** "1.5 GiB", "300 MiB", "12 KiB", "80 bytes". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units: [number, string][] = [
    [GIB * 1024, "TiB"],
    [GIB, "GiB"],
    [1024 ** 2, "MiB"],
    [1024, "KiB"],
  ];
  for (const [size, name] of units)
    if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${name}`;
  return `${Math.round(bytes)} bytes`;
}

/**
 * Throws one sentence when `bytes` (what `what` would allocate) is not a finite non-negative
 * size within the budget. `raisedBy` names the setting or flag that makes the size smaller; the
 * sentence also names the variable that raises the budget.
 */
export function checkMemoryBudget(what: string, bytes: number, raisedBy?: string): void {
  const limit = memoryBudgetBytes();
  if (Number.isFinite(bytes) && bytes >= 0 && bytes <= limit) return;
  const size = Number.isFinite(bytes) && bytes >= 0 ? formatBytes(bytes) : "an invalid size";
  const smaller = raisedBy === undefined ? "" : `lower ${raisedBy} or `;
  throw new MemoryBudgetError(
    `${what} would need ${size}, over the memory budget of ${formatBytes(limit)}: ${smaller}raise ${MEMORY_BUDGET_VARIABLE} (GiB).`,
  );
}

/** The engine keeps every tensor in one WebAssembly memory of at most 4 GiB (engine/runtime.ts). */
export const ENGINE_MEMORY_BYTES = 4 * GIB;

/**
 * checkMemoryBudget for tensors of the engine, which also cannot exceed its 4 GiB of WebAssembly
 * memory whatever the budget; `raisedBy` names what makes the size smaller.
 */
export function checkEngineMemory(what: string, bytes: number, raisedBy: string): void {
  if (Number.isFinite(bytes) && bytes > ENGINE_MEMORY_BYTES)
    throw new MemoryBudgetError(
      `${what} would need ${formatBytes(bytes)}, over the engine's ${formatBytes(ENGINE_MEMORY_BYTES)} of WebAssembly memory: lower ${raisedBy}.`,
    );
  checkMemoryBudget(what, bytes, raisedBy);
}
