// From raw settings (`atradiff train`'s flags and --config file, or learn()'s object) to the settings
// a training job stores in config.json: validated by the run schemas (runConfig.ts, one sentence per
// bad setting, named by the caller: "--eval-every" on the command line), completed with the
// reference implementations' per-env choices (agent presets, preprocessing), input paths made
// absolute (so that a resume works from any directory), and checked to build (env, dataset, replay
// buffer within the memory budget, agent, augmentation) before any directory is created.
import { resolve } from "node:path";
import { makeAgent } from "../../agents/makeAgent.js";
import { resolveDataset } from "../../data/dataDirectory.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { ReplayBuffer } from "../../data/replayBuffer.js";
import { closeEngine, engineInitialized, initEngine } from "../../engine/runtime.js";
import "../../envs/index.js";
import { envSpec, makeEnv } from "../../envs/registry.js";
import { RescaleAction } from "../../envs/wrappers/rescaleAction.js";
import { checkMemoryBudget } from "../../util/memoryBudget.js";
import { checkAugmentationFits } from "../augmentation/checkAugmentation.js";
import { envAgentSettings } from "./agentPresets.js";
import { checkDatasetFits } from "./datasetFits.js";
import { checkSettingsApply } from "./inapplicableSettings.js";
import { defaultPreprocessing } from "./preprocessing.js";
import {
  DATASET_AGENTS,
  parseSettings,
  type SettingNamer,
  type TrainConfig,
  trainConfigSchema,
} from "./runConfig.js";

/**
 * The job's settings from `raw` (seeds included), or one sentence naming (by `nameOf`) the first
 * bad setting. Builds the env, reads the dataset and builds the agent once, in the running engine
 * or a one-thread engine of its own.
 */
export async function trainingJobSettings(
  raw: Record<string, unknown>,
  nameOf: SettingNamer,
): Promise<TrainConfig> {
  const input = { ...raw };
  // With a dataset, the mode a user means by default: learn from it alone where the agent needs it.
  if (input.mode === undefined && input.dataset !== undefined)
    input.mode = DATASET_AGENTS.includes(input.agent as never) ? "offline" : "offline-to-online";
  const parsed = parseSettings(trainConfigSchema, input, nameOf);
  checkSettingsApply(input, parsed, nameOf);
  envSpec(parsed.env); // throws "Unknown environment ...; known environments: ..."
  const config: TrainConfig = {
    ...parsed,
    agentSettings: { ...envAgentSettings(parsed.agent, parsed.env), ...parsed.agentSettings },
    preprocessing: parsed.preprocessing ?? defaultPreprocessing(parsed.agent, parsed.env),
  };
  if (config.dataset !== undefined) config.dataset = resolve(resolveDataset(config.dataset));
  if (config.generator !== undefined) config.generator = resolve(config.generator);
  const pretrained = config.augmentSettings.synther.pretrained;
  if (pretrained !== null) config.augmentSettings.synther.pretrained = resolve(pretrained);
  await checkBuildable(config, nameOf);
  return config;
}

async function checkBuildable(config: TrainConfig, nameOf: SettingNamer): Promise<void> {
  const env = await makeEnv(config.env, { maxEpisodeSteps: config.maxEpisodeSteps });
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  // Agents act, and datasets hold actions, in the rescaled [-1, 1] space (runSeed.ts's RescaleAction).
  const { low: actionLow, high: actionHigh } = new RescaleAction(env).actionSpace;
  env.close();
  if (config.mode !== "offline") {
    const capacity = config.bufferCapacity ?? config.steps;
    checkMemoryBudget(
      `A replay buffer of ${capacity} transitions`,
      ReplayBuffer.bytes(capacity, obsDim, actDim),
      config.bufferCapacity === undefined
        ? `${nameOf("steps")} (or set ${nameOf("bufferCapacity")})`
        : nameOf("bufferCapacity"),
    );
  }
  if (config.dataset !== undefined) {
    const { dataset } = await readDatasetFile(config.dataset);
    checkDatasetFits(config.dataset, dataset, config.env, { obsDim, actDim, actionLow, actionHigh });
  }
  const ownEngine = !engineInitialized();
  if (ownEngine) await initEngine({ threads: 1 });
  try {
    makeAgent(config.agent, { obsDim, actDim, seed: 0, settings: config.agentSettings }).dispose();
    checkAugmentationFits(config, obsDim, actDim);
  } finally {
    if (ownEngine) await closeEngine();
  }
}
