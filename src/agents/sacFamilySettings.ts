// Settings of the maximum-entropy actor-critic family: SAC (Haarnoja et al. 2018), REDQ (Chen et
// al. 2021) and RLPD (Ball et al. 2023) are one algorithm with different settings. Defaults follow
// reference/hyperparameters.md; the presets below hold each method's published values; the schema is in settings/agents.ts.
import type { z } from "zod";
import { sacFamilySettingsSchema } from "../settings/agents.js";

export { sacFamilySettingsSchema };

export type SacFamilySettings = z.output<typeof sacFamilySettingsSchema>;
export type SacFamilySettingsInput = z.input<typeof sacFamilySettingsSchema>;

/** SAC: twin critics, min over both in the target and in the actor loss, UTD 1, target entropy -|A|. */
export const SAC_PRESET: SacFamilySettingsInput = {};

/** REDQ (Chen et al. 2021): N = 10, M = 2, UTD 20, actor on the mean of all N critics. */
export const REDQ_PRESET: SacFamilySettingsInput = {
  numCritics: 10,
  numTargetCritics: 2,
  updatesPerStep: 20,
  actorCriticReduction: "mean",
};

/**
 * RLPD (Ball et al. 2023): REDQ-style ensemble of 10 with LayerNorm critics, 2 drawn for the min
 * (set numTargetCritics 1 on AntMaze), UTD 20, initial temperature 1, target entropy -|A|/2,
 * RLPD's temperature loss; backupEntropy false on AntMaze. Symmetric sampling (every batch half
 * offline, half online) is the training loop's job: the caller passes the mixed batch to update().
 */
export const RLPD_PRESET: SacFamilySettingsInput = {
  numCritics: 10,
  numTargetCritics: 2,
  criticLayerNorm: true,
  updatesPerStep: 20,
  actorCriticReduction: "mean",
  initialTemperature: 1,
  targetEntropyPerActionDim: -0.5,
  temperatureLoss: "alpha",
};

/**
 * REDQ's target entropies for MuJoCo tasks, taken from MBPO (Janner et al. 2019) as the REDQ code
 * does; other envs get -|A|.
 */
export const MBPO_TARGET_ENTROPY: Readonly<Record<string, number>> = {
  hopper: -1,
  halfcheetah: -3,
  walker2d: -3,
  ant: -4,
};

export function mbpoTargetEntropy(envId: string, actDim: number): number {
  return MBPO_TARGET_ENTROPY[envId] ?? -actDim;
}
