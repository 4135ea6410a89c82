// Entry of a seed's worker process (child_process.fork): `node seedWorker.js <seed dir>`. Runs or
// resumes that seed with its own engine (ATRADIFF_THREADS set by the parent) and reports progress
// and the outcome over IPC. Being killed at any moment is safe: the run resumes from its latest
// checkpoint. A graceful stop (the parent's "stop" message, or a first SIGINT/SIGTERM: Ctrl-C
// reaches the whole process group) writes a checkpoint at the next episode end, so nothing is
// lost; a second signal exits at once.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { errorMessage } from "../../util/systemErrors.js";
import { runSeed } from "./runSeed.js";
import type { SeedMessage, WorkerCommand } from "./seedMessages.js";

let stopRequested = false;
// Counted apart from the parent's message: one Ctrl-C brings both the signal and the message.
let signals = 0;
process.on("message", (m: WorkerCommand) => {
  if (m.type === "stop") stopRequested = true;
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (++signals >= 2) process.exit(130);
    stopRequested = true;
  });

/** Progress messages at most this often (ms), plus the first and the last. */
const PROGRESS_INTERVAL_MS = 250;

function send(message: SeedMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(message, () => resolve());
  });
}

// A worker whose parent is gone (killed) stops too, instead of training on unobserved.
process.on("disconnect", () => process.exit(1));

async function main(): Promise<void> {
  const seedDir = process.argv[2];
  if (!seedDir) throw new Error("seedWorker needs the seed's run directory as its argument.");
  await initEngine();
  let lastSent = 0;
  try {
    const result = await runSeed(seedDir, {
      stopAtCheckpoint: () => stopRequested,
      onWarning: (message) => void send({ type: "warning", message }),
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastSent < PROGRESS_INTERVAL_MS && p.step < p.total) return;
        lastSent = now;
        void send({ type: "progress", ...p });
      },
    });
    await send({ type: "done", finished: result.finished, step: result.step });
  } finally {
    await closeEngine();
  }
}

main().then(
  () => {
    process.removeAllListeners("disconnect");
    process.disconnect?.();
  },
  async (err: unknown) => {
    await send({ type: "error", message: errorMessage(err) });
    process.removeAllListeners("disconnect");
    process.exitCode = 1;
    process.disconnect?.();
  },
);
