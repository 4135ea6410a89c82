// `atradiff settings [section...] [--json]`: every setting with its default and one-line doc, on one
// page (describeSettings.ts holds the content; this only prints it).
import { describeSettings, settingsPage } from "./describeSettings.js";

export async function printSettings(options: { json?: boolean }, sections: string[]): Promise<void> {
  const described = describeSettings(sections);
  console.log(options.json ? JSON.stringify(described, null, 2) : settingsPage(described));
}
