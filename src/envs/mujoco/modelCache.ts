// Compiling an MJCF document costs far more than copying a compiled model (results/envs.md). So each
// distinct XML is compiled once per thread into a template that lives as long as the thread, and
// every env gets its own copy (which it deletes on close).
import type { MjModel, Mujoco } from "./mujocoModule.js";

const templates = new WeakMap<Mujoco, Map<string, MjModel>>();

/** A new MjModel for `xml`, owned by the caller (call .delete() when done). Throws MuJoCo's error. */
export function modelFromXml(mj: Mujoco, xml: string): MjModel {
  let byXml = templates.get(mj);
  if (!byXml) {
    byXml = new Map();
    templates.set(mj, byXml);
  }
  let template = byXml.get(xml);
  if (!template) {
    template = mj.MjModel.from_xml_string(xml);
    byXml.set(xml, template);
  }
  return new mj.MjModel(template);
}
