// Settings of behavior cloning: a policy fit to the dataset's actions, by mean squared error (a
// deterministic tanh actor, CORL's BC) or by Gaussian log-likelihood (the Gaussian actor of IQL).
import type { z } from "zod";
import { bcSettingsSchema } from "../settings/agents.js";

export { bcSettingsSchema };

export type BcSettings = z.output<typeof bcSettingsSchema>;
