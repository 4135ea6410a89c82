// A file named by a manifest (a generator's manifest.json names its safetensors files) must be a
// file of the manifest's own directory: a name such as "../../../../etc/passwd", an absolute path,
// or a symbolic link that leads out of the directory would make loading read whatever the
// manifest's author chose.
import { realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/**
 * The path of `name` inside `dir`, or one sentence naming `manifest`, its `field` and the name when
 * the name leads out of `dir` (itself or, existing, through a link).
 */
export function fileInside(dir: string, name: unknown, manifest: string, field: string): string {
  const refuse = (why: string): never => {
    throw new Error(`${field} in ${manifest} is ${JSON.stringify(name)}; expected ${why}.`);
  };
  if (typeof name !== "string" || name === "") return refuse("a file name");
  const path = join(dir, name);
  if (isAbsolute(name) || !inside(resolve(dir), resolve(path))) refuse(`the name of a file inside ${dir}`);
  let real: string | null = null;
  try {
    real = realpathSync(path);
  } catch {
    return path; // missing: its loader says so
  }
  if (!inside(realpathSync(dir), real)) refuse(`a file inside ${dir}, not a link out of it`);
  return path;
}
