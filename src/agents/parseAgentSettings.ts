// Validates a component's settings (an agent's, a generator's, ...) with its zod schema: the first
// problem becomes one sentence in the settings' one error style (settings/parseSettings.ts).
import type { z } from "zod";
import { componentSettings, parseSettings } from "../settings/parseSettings.js";

export function parseAgentSettings<S extends z.ZodTypeAny>(
  agent: string,
  schema: S,
  input: unknown,
): z.output<S> {
  return parseSettings(schema, input, componentSettings(agent));
}
