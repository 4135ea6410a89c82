// Settings of ATraDiff's online adaptation (§4.3). The paper gives the TD-error heap of 50,000
// samples with the 5,000 most important drawn per update and the reward buffer of 5,000 samples;
// frequency, fine-tune steps, learning rate, drop fractions and the anti-forgetting pull are not
// given, so they are settings with the defaults documented here.
import type { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { adaptationSettingsSchema } from "../../settings/augmentation.js";

export { adaptationSettingsSchema };

export type AdaptationSettings = z.output<typeof adaptationSettingsSchema>;
export type AdaptationSettingsInput = z.input<typeof adaptationSettingsSchema>;

export function parseAdaptationSettings(input: unknown): AdaptationSettings {
  return parseAgentSettings("Online adaptation", adaptationSettingsSchema, input);
}
