// `atradiff settings [section...] [--json]`: every setting with its default and one-line doc, on one
// page (settings/describeSettings.ts holds the content; this only prints it).
import type { Command } from "commander";
import { describeSettings, SETTINGS_SECTIONS, settingsPage } from "../settings/describeSettings.js";

export function registerSettingsCommand(program: Command): void {
  program
    .command("settings")
    .description("print every setting with its default and one-line doc, grouped by section")
    .argument("[sections...]", `only these sections: ${SETTINGS_SECTIONS.map((s) => s.name).join(", ")}`)
    .option("--json", "print the sections as JSON")
    .action((sections: string[], opts: { json?: boolean }) => {
      const described = describeSettings(sections);
      console.log(opts.json ? JSON.stringify(described, null, 2) : settingsPage(described));
    });
}
