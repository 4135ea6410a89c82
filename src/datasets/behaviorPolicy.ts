// A behavior policy: the actor of a trained SAC agent alone (a tanh-squashed Gaussian MLP), kept as
// a small safetensors file (data/policies/<env>-<kind>.safetensors, ~300 KB for 256-256) with what
// produced it in the metadata. Rolling one out needs no critic, optimizer or training state.
// Tensor names are the actor's own ("net.layers.0.weight" ...), readable by safetensors in Python.
import type { SoftActorCritic } from "../agents/softActorCritic.js";
import { TanhGaussianActor } from "../agents/tanhGaussianActor.js";
import type { Activation } from "../engine/ops/opCodes.js";
import { Rng } from "../engine/rng.js";
import { noGrad, Tensor, tidy } from "../engine/tensor.js";
import { loadModule, saveModule } from "../nn/checkpoint.js";
import { readSafetensors, readSafetensorsMetadata, writeSafetensors } from "../nn/safetensorsFile.js";

export const BEHAVIOR_POLICY_FORMAT = "atradiff-behavior-policy-1";

/** What a policy file says about the policy besides its weights. */
export interface BehaviorPolicyInfo {
  env: string;
  /** "medium" or "expert" */
  kind: string;
  obsDim: number;
  actDim: number;
  hiddenSizes: number[];
  activation: Activation;
  logStdMin: number;
  logStdMax: number;
  /** How it was trained and chosen. */
  agent: string;
  trainingSeed: number;
  trainingStep: number;
  /** The deterministic evaluation at its step (mean over its episodes). */
  evalReturnMean: number;
  evalReturnStd: number;
  /**
   * The score of its data (sampled actions, dataScore.ts) that selected it: mean return, its
   * D4RL-normalized score and the episodes behind them. Absent from policies chosen by the
   * deterministic evaluation alone (before the data-score rule).
   */
  dataReturnMean?: number;
  dataScore?: number;
  dataEpisodes?: number;
  selectionRule: string;
  projectVersion: string;
}

const NUMBER_KEYS = [
  "obsDim",
  "actDim",
  "logStdMin",
  "logStdMax",
  "trainingSeed",
  "trainingStep",
  "evalReturnMean",
  "evalReturnStd",
] as const;
const OPTIONAL_NUMBER_KEYS = ["dataReturnMean", "dataScore", "dataEpisodes"] as const;
const STRING_KEYS = ["env", "kind", "activation", "agent", "selectionRule", "projectVersion"] as const;

function encodeInfo(info: BehaviorPolicyInfo): Record<string, string> {
  const out: Record<string, string> = { format: BEHAVIOR_POLICY_FORMAT };
  for (const k of STRING_KEYS) out[k] = info[k];
  for (const k of NUMBER_KEYS) out[k] = String(info[k]);
  for (const k of OPTIONAL_NUMBER_KEYS) if (info[k] !== undefined) out[k] = String(info[k]);
  out.hiddenSizes = JSON.stringify(info.hiddenSizes);
  return out;
}

function decodeInfo(path: string, meta: Record<string, string>): BehaviorPolicyInfo {
  if (meta.format !== BEHAVIOR_POLICY_FORMAT)
    throw new Error(
      `${path} is not an atradiff behavior policy (its format is ${meta.format ?? "missing"}, expected ${BEHAVIOR_POLICY_FORMAT}).`,
    );
  const fail = (key: string): never => {
    throw new Error(`The behavior policy ${path} has no valid "${key}" in its metadata.`);
  };
  const info: Record<string, unknown> = {};
  for (const k of STRING_KEYS) info[k] = typeof meta[k] === "string" ? meta[k] : fail(k);
  for (const k of NUMBER_KEYS) {
    const v = Number(meta[k]);
    info[k] = meta[k] !== undefined && Number.isFinite(v) ? v : fail(k);
  }
  for (const k of OPTIONAL_NUMBER_KEYS) {
    if (meta[k] === undefined) continue;
    const v = Number(meta[k]);
    info[k] = Number.isFinite(v) ? v : fail(k);
  }
  try {
    const sizes = JSON.parse(meta.hiddenSizes ?? "") as unknown;
    const ok = Array.isArray(sizes) && sizes.length > 0 && sizes.every((x) => Number.isInteger(x) && x > 0);
    info.hiddenSizes = ok ? sizes : fail("hiddenSizes");
  } catch {
    fail("hiddenSizes");
  }
  return info as unknown as BehaviorPolicyInfo;
}

/** Writes the agent's actor as a behavior policy file (atomically). */
export function saveBehaviorPolicy(
  path: string,
  agent: SoftActorCritic,
  info: Omit<
    BehaviorPolicyInfo,
    "obsDim" | "actDim" | "hiddenSizes" | "activation" | "logStdMin" | "logStdMax" | "agent"
  >,
): void {
  const s = agent.settings;
  saveModule(
    path,
    agent.actor,
    encodeInfo({
      ...info,
      agent: agent.name,
      obsDim: agent.obsDim,
      actDim: agent.actDim,
      hiddenSizes: s.actorHiddenSizes,
      activation: s.activation,
      logStdMin: s.logStdMin,
      logStdMax: s.logStdMax,
    }),
  );
}

/** The information a saved policy's file records besides the network (saveBehaviorPolicy's `info`). */
export type SavedPolicyInfo = Parameters<typeof saveBehaviorPolicy>[2];

/**
 * Copies the policy file `from` to `to` (atomically) with some of its information replaced, e.g. a
 * training snapshot chosen as the expert afterwards: same weights, new kind and selection rule.
 */
export function relabelBehaviorPolicy(from: string, to: string, changes: Partial<SavedPolicyInfo>): void {
  const { tensors, metadata } = readSafetensors(from);
  const info = { ...decodeInfo(from, metadata), ...changes };
  writeSafetensors(to, tensors, encodeInfo(info));
}

export function readBehaviorPolicyInfo(path: string): BehaviorPolicyInfo {
  return decodeInfo(path, readSafetensorsMetadata(path));
}

export class BehaviorPolicy {
  private constructor(
    readonly info: BehaviorPolicyInfo,
    private readonly actor: TanhGaussianActor,
  ) {}

  /** Loads a policy file; the engine must be initialized. */
  static load(path: string): BehaviorPolicy {
    const info = readBehaviorPolicyInfo(path);
    // The initial weights are overwritten by the file's; the Rng only fills them meanwhile.
    const actor = new TanhGaussianActor(
      {
        obsDim: info.obsDim,
        actDim: info.actDim,
        hiddenSizes: info.hiddenSizes,
        activation: info.activation,
        logStdMin: info.logStdMin,
        logStdMax: info.logStdMax,
      },
      new Rng(0),
    );
    try {
      loadModule(path, actor);
    } catch (err) {
      actor.dispose();
      throw err;
    }
    return new BehaviorPolicy(info, actor);
  }

  /** A sample of the policy (deterministic: tanh of the mean), in [-1, 1]^actDim; noise from rng. */
  act(obs: ArrayLike<number>, rng: Rng, deterministic = false): Float32Array {
    if (obs.length !== this.info.obsDim)
      throw new Error(
        `The ${this.info.env}-${this.info.kind} policy takes observations of size ${this.info.obsDim}, got ${obs.length}.`,
      );
    return tidy(() =>
      noGrad(() => {
        const o = Tensor.fromArray(obs, [1, this.info.obsDim]);
        const a = deterministic ? this.actor.mode(o) : this.actor.sample(o, rng).action;
        return a.toArray();
      }),
    );
  }

  dispose(): void {
    this.actor.dispose();
  }
}
