// The `atradiff` command line: thin wrappers over the library. Each command lives in its own file.
import { Command } from "commander";
import { projectVersion } from "../util/projectVersion.js";
import { errorMessage } from "../util/systemErrors.js";
import { registerBenchCommand } from "./benchCommand.js";
import { registerDatasetBuildCommand } from "./datasetBuildCommand.js";
import { registerDatasetCommand } from "./datasetCommand.js";
import { registerDemoCommand } from "./demoCommand.js";
import { registerDiffuserCommand } from "./diffuserCommand.js";
import { refuseEmptyValues } from "./emptyValues.js";
import { registerEnvCommand } from "./envCommand.js";
import { registerEnvRenderCommand } from "./envRenderCommand.js";
import { registerExperimentCommand } from "./experimentCommand.js";
import { registerReportCommand } from "./reportCommand.js";
import { registerResumeCommand } from "./resumeCommand.js";
import { registerSettingsCommand } from "./settingsCommand.js";
import { registerTrainCommand } from "./trainCommand.js";

const program = new Command();
program
  .name("atradiff")
  .description("ATraDiff: reinforcement learning with imagined trajectories from diffusion models")
  .showHelpAfterError()
  .version(projectVersion())
  .hook("preAction", (_program, command) => refuseEmptyValues(command));
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
registerSettingsCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`atradiff: ${errorMessage(err)}`);
  process.exit(1);
});
