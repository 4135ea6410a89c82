// The task prompt appended to the condition vector and to the length estimator's input
// (ATraDiff §4.1: the condition holds "the current state, task, etc."; §5 ablates no prompt,
// one-hot task ids and language embeddings). Prompt values are used as given (not normalized).
import type { TaskPromptSettings } from "./generatorSettings.js";

/** A task: its id, or (embedding prompts) a language-embedding vector of the prompt's length. */
export type Task = number | ArrayLike<number>;

export class TaskPrompt {
  constructor(readonly settings: TaskPromptSettings) {}

  /** Values the prompt adds to each condition. */
  get dim(): number {
    const s = this.settings;
    if (s.kind === "none") return 0;
    if (s.kind === "oneHot") return s.taskCount;
    return s.embeddings[0].length;
  }

  /**
   * The prompt vector of a task; `undefined` means task 0. Without prompts every task gives the
   * empty vector (the "no prompt" ablation trains and generates on multi-task data unchanged).
   */
  vector(task: Task | undefined): Float32Array {
    const s = this.settings;
    if (s.kind === "none") return new Float32Array(0);
    if (task === undefined || typeof task === "number") {
      const id = task ?? 0;
      const count = s.kind === "oneHot" ? s.taskCount : s.embeddings.length;
      if (!Number.isInteger(id) || id < 0 || id >= count)
        throw new Error(`A task id must be an integer in [0, ${count - 1}], got ${id}.`);
      if (s.kind === "embedding") return Float32Array.from(s.embeddings[id]);
      const out = new Float32Array(count);
      out[id] = 1;
      return out;
    }
    if (s.kind === "oneHot")
      throw new Error("This generator uses one-hot task prompts: give the task as an id, not a vector.");
    if (task.length !== this.dim)
      throw new Error(`A task embedding must hold ${this.dim} values, got ${task.length}.`);
    const out = Float32Array.from(task);
    for (const v of out)
      if (!Number.isFinite(v)) throw new Error(`A task embedding holds ${v}; it must be finite.`);
    return out;
  }

  /** The prompt vectors of task ids, one row each (rows x dim). */
  rows(taskIds: ArrayLike<number>): Float32Array {
    const d = this.dim;
    const out = new Float32Array(taskIds.length * d);
    if (d === 0) return out;
    const cache = new Map<number, Float32Array>();
    for (let i = 0; i < taskIds.length; i++) {
      const id = taskIds[i];
      let v = cache.get(id);
      if (!v) cache.set(id, (v = this.vector(id)));
      out.set(v, i * d);
    }
    return out;
  }

  /** The same prompt vector repeated for `count` rows. */
  repeat(vector: Float32Array, count: number): Float32Array {
    const out = new Float32Array(count * vector.length);
    for (let i = 0; i < count; i++) out.set(vector, i * vector.length);
    return out;
  }
}
