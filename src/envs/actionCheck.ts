// The one check every env applies to an incoming action, so a wrong action fails loudly with the
// env's id and the expected shape instead of silently producing NaN physics.

/** Throws unless `action` holds exactly `size` finite numbers. */
export function checkAction(envId: string, action: ArrayLike<number>, size: number): void {
  if (action === null || typeof action !== "object" || typeof action.length !== "number")
    throw new Error(`${envId}: an action must be an array of ${size} numbers (shape [${size}]).`);
  if (action.length !== size)
    throw new Error(
      `${envId}: an action must have shape [${size}], got ${action.length} number${action.length === 1 ? "" : "s"}.`,
    );
  for (let i = 0; i < size; i++) {
    const v = action[i];
    if (!Number.isFinite(v))
      throw new Error(
        `${envId}: an action must have shape [${size}] with finite numbers, got ${String(v)} at index ${i}.`,
      );
  }
}
