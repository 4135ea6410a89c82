// One safetensors file holds everything an agent needs to continue training bit for bit: its
// networks and target networks, every optimizer's moments and step count, extra tensors (log
// alpha), the state of each of its Rng streams and its counters. The header (agent name, sizes,
// settings) is checked before anything is written into the agent, so a failed load changes nothing.
import { checkRngState, type Rng, type RngState } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import type { Adam } from "../nn/adam.js";
import { loadTensors, saveTensors } from "../nn/checkpoint.js";
import type { Module } from "../nn/module.js";
import { readSafetensorsMetadata } from "../nn/safetensorsFile.js";

const FORMAT = "atradiff-agent-1";

export interface AgentHeader {
  agent: string;
  obsDim: number;
  actDim: number;
  /** The agent's parsed settings (plain JSON values). */
  settings: Record<string, unknown>;
}

export interface AgentStateParts {
  modules: Record<string, Module>;
  optimizers: Record<string, Adam>;
  tensors?: Record<string, Tensor>;
  rngs: Record<string, Rng>;
  counters: Record<string, number>;
}

function namedTensors(parts: AgentStateParts): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [prefix, module] of Object.entries(parts.modules))
    for (const [name, t] of module.stateDict()) out.set(`${prefix}.${name}`, t);
  for (const [prefix, opt] of Object.entries(parts.optimizers))
    for (const [name, t] of opt.stateTensors()) out.set(`optimizers.${prefix}.${name}`, t);
  for (const [name, t] of Object.entries(parts.tensors ?? {})) out.set(name, t);
  return out;
}

export function saveAgentState(path: string, header: AgentHeader, parts: AgentStateParts): void {
  const rngs: Record<string, RngState> = {};
  for (const [name, rng] of Object.entries(parts.rngs)) rngs[name] = rng.state;
  const steps: Record<string, number> = {};
  for (const [name, opt] of Object.entries(parts.optimizers)) steps[name] = opt.stepCount;
  saveTensors(path, namedTensors(parts), {
    format: FORMAT,
    agent: header.agent,
    obsDim: String(header.obsDim),
    actDim: String(header.actDim),
    settings: JSON.stringify(header.settings),
    rngs: JSON.stringify(rngs),
    optimizerSteps: JSON.stringify(steps),
    counters: JSON.stringify(parts.counters),
  });
}

function rngWhere(path: string, stream: string): string {
  return `The "rngs.${stream}" entry of the agent checkpoint ${path}`;
}

function parseJson(path: string, key: string, text: string | undefined): unknown {
  if (text === undefined)
    throw new Error(`The agent checkpoint ${path} has no "${key}" entry in its metadata.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The agent checkpoint ${path} has an unreadable "${key}" entry in its metadata.`);
  }
}

/** The header of an agent checkpoint (to build the right agent before loading it). */
export function readAgentHeader(path: string): AgentHeader {
  const metadata = readSafetensorsMetadata(path);
  if (metadata.format !== FORMAT)
    throw new Error(
      `${path} is not an atradiff agent checkpoint (its format is ${metadata.format ?? "missing"}).`,
    );
  return {
    agent: metadata.agent,
    obsDim: Number(metadata.obsDim),
    actDim: Number(metadata.actDim),
    settings: parseJson(path, "settings", metadata.settings) as Record<string, unknown>,
  };
}

function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | null {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      return `"${key}" is ${JSON.stringify(a[key])} in the checkpoint but ${JSON.stringify(b[key])} in the agent`;
  return null;
}

/** Restores everything saved by saveAgentState into the same kind of agent; returns its counters. */
export function loadAgentState(
  path: string,
  header: AgentHeader,
  parts: AgentStateParts,
): Record<string, number> {
  const saved = readAgentHeader(path);
  if (saved.agent !== header.agent || saved.obsDim !== header.obsDim || saved.actDim !== header.actDim)
    throw new Error(
      `The checkpoint ${path} holds a ${saved.agent} agent for obsDim ${saved.obsDim}, actDim ${saved.actDim}, but this is a ${header.agent} agent for obsDim ${header.obsDim}, actDim ${header.actDim}.`,
    );
  const diff = firstDifference(saved.settings, header.settings);
  if (diff) throw new Error(`The checkpoint ${path} was saved with other settings: ${diff}.`);
  const metadata = readSafetensorsMetadata(path);
  const rngs = parseJson(path, "rngs", metadata.rngs) as Record<string, RngState>;
  const steps = parseJson(path, "optimizerSteps", metadata.optimizerSteps) as Record<string, number>;
  const counters = parseJson(path, "counters", metadata.counters) as Record<string, number>;
  for (const name of Object.keys(parts.rngs))
    if (!rngs?.[name])
      throw new Error(`The agent checkpoint ${path} has no state for the Rng stream "${name}".`);
    else checkRngState(rngs[name], rngWhere(path, name));
  for (const name of Object.keys(parts.optimizers))
    if (!Number.isInteger(steps?.[name]))
      throw new Error(`The agent checkpoint ${path} has no step count for the optimizer "${name}".`);
  for (const name of Object.keys(parts.counters))
    if (!Number.isFinite(counters?.[name]))
      throw new Error(`The agent checkpoint ${path} has no value for the counter "${name}".`);
  // Tensors are checked (names, shapes) before any is written.
  loadTensors(path, namedTensors(parts));
  for (const [name, rng] of Object.entries(parts.rngs)) rng.setState(rngs[name], rngWhere(path, name));
  for (const [name, opt] of Object.entries(parts.optimizers)) opt.stepCount = steps[name];
  const out: Record<string, number> = {};
  for (const name of Object.keys(parts.counters)) out[name] = counters[name];
  return out;
}
