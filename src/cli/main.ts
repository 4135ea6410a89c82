// The `atradiff` command line: thin wrappers over the library. Each command lives in its own file.
import { Command } from "commander";
import { registerBenchCommand } from "./benchCommand.js";
import { registerDatasetBuildCommand } from "./datasetBuildCommand.js";
import { registerDatasetCommand } from "./datasetCommand.js";
import { registerDemoCommand } from "./demoCommand.js";
import { registerDiffuserCommand } from "./diffuserCommand.js";
import { registerEnvCommand } from "./envCommand.js";
import { registerEnvRenderCommand } from "./envRenderCommand.js";
import { registerExperimentCommand } from "./experimentCommand.js";
import { registerReportCommand } from "./reportCommand.js";
import { registerResumeCommand } from "./resumeCommand.js";
import { registerTrainCommand } from "./trainCommand.js";

const program = new Command();
program
  .name("atradiff")
  .description("ATraDiff: reinforcement learning with imagined trajectories from diffusion models")
  .showHelpAfterError()
  .version("0.1.0");
registerBenchCommand(program);
registerEnvRenderCommand(registerEnvCommand(program));
registerDatasetCommand(program);
registerDatasetBuildCommand(program);
registerTrainCommand(program);
registerResumeCommand(program);
registerReportCommand(program);
registerDiffuserCommand(program);
registerDemoCommand(program);
registerExperimentCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`atradiff: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
