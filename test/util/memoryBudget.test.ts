import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkMemoryBudget,
  formatBytes,
  MemoryBudgetError,
  memoryBudgetBytes,
} from "../../src/util/memoryBudget.js";

function withBudget<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env.ATRADIFF_MEMORY_BUDGET;
  if (value === undefined) delete process.env.ATRADIFF_MEMORY_BUDGET;
  else process.env.ATRADIFF_MEMORY_BUDGET = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.ATRADIFF_MEMORY_BUDGET;
    else process.env.ATRADIFF_MEMORY_BUDGET = saved;
  }
}

test("a size within the budget passes; one over it names the size, the limit and both ways out", () => {
  withBudget("1", () => {
    checkMemoryBudget("the observations", 512 * 1024 ** 2);
    assert.throws(
      () => checkMemoryBudget("the observations of d.hdf5", 8.6 * 1024 ** 3, "--rows"),
      (e: Error) =>
        e instanceof MemoryBudgetError &&
        e.message ===
          "the observations of d.hdf5 would need 8.6 GiB, over the memory budget of 1 GiB: lower --rows or raise ATRADIFF_MEMORY_BUDGET (GiB).",
    );
  });
});

test("NaN, infinite and negative sizes are refused as invalid", () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1])
    assert.throws(() => checkMemoryBudget("x", bad), /an invalid size/);
});

test("the budget variable must be a positive number; the default is at most 16 GiB", () => {
  withBudget("lots", () =>
    assert.throws(() => memoryBudgetBytes(), /must be a positive number of GiB, got "lots"/),
  );
  withBudget(undefined, () => assert.ok(memoryBudgetBytes() <= 16 * 1024 ** 3 && memoryBudgetBytes() > 0));
  assert.equal(formatBytes(80), "80 bytes");
  assert.equal(formatBytes(1536), "1.5 KiB");
});
