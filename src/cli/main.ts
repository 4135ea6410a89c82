// The `atradiff` command line: the command table (commands.ts) made into commander commands. Every
// refusal, ours or commander's, is one line "atradiff: <sentence>" and exit code 1.
import { Command } from "commander";
import { projectVersion } from "../util/projectVersion.js";
import { errorMessage } from "../util/systemErrors.js";
import { addCommands } from "./commandSpec.js";
import { COMMAND_GROUPS, COMMANDS } from "./commands.js";
import { refuseEmptyValues } from "./emptyValues.js";

const program = new Command()
  .name("atradiff")
  .description("ATraDiff: reinforcement learning with imagined trajectories from diffusion models")
  .version(projectVersion())
  .hook("preAction", (_program, command) => refuseEmptyValues(command));
addCommands(program, COMMANDS, COMMAND_GROUPS);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`atradiff: ${errorMessage(err)}`);
  process.exit(1);
});
