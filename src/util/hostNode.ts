// What the library asks of its host, as Node answers: environment variables and the machine's
// memory. A bundle for browsers gets hostBrowser.ts instead: package.json's "imports" maps "#host"
// to this file by default and to that one under the "browser" condition.
import { totalmem } from "node:os";

/** The environment variable `name`, or undefined when it is not set. */
export function environmentVariable(name: string): string | undefined {
  return process.env[name];
}

/** The machine's memory in bytes. */
export function totalMemoryBytes(): number {
  return totalmem();
}
