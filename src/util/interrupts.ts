// Ctrl-C (SIGINT) or SIGTERM while seeds train: the first asks every seed to write a checkpoint at
// its next episode end and stop, so no step is lost (at most one episode of waiting, or the end of
// a SynthER retraining in progress); a second stops at once, and each seed then resumes from its
// latest checkpoint. Other long jobs (a generator's training) say what a stop keeps instead.
export interface Interrupts {
  /** Aborted by the first signal. */
  graceful: AbortSignal;
  /** Aborted by the second. */
  now: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

const SEEDS_STOPPING =
  "Stopping: each seed writes a checkpoint at its next episode end, so no step is lost. Press Ctrl-C again to stop at once (then each seed resumes from its last checkpoint).";

/** `stopping` is said at the first signal: what is kept, and what a second signal does. */
export function listenForInterrupts(say: (message: string) => void, stopping = SEEDS_STOPPING): Interrupts {
  const graceful = new AbortController();
  const now = new AbortController();
  const onSignal = () => {
    if (!graceful.signal.aborted) {
      say(stopping);
      graceful.abort();
    } else if (!now.signal.aborted) now.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    graceful: graceful.signal,
    now: now.signal,
    dispose: () => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    },
  };
}
