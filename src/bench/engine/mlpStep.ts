// One full training step (forward, backward, Adam) of a ReLU MLP with an MSE loss, timed: the
// workload of `atradiff bench engine` (mlpBig: 64-1024-1024-1024-64, mlpSmall: 64-256-256-64).

import { mse } from "../../engine/ops/loss.js";
import { Rng } from "../../engine/rng.js";
import { initEngine } from "../../engine/runtime.js";
import { Tensor, tidy } from "../../engine/tensor.js";
import { Adam } from "../../nn/adam.js";
import { MLP } from "../../nn/mlp.js";

/** Per-step milliseconds of `steps` timed steps after `warmup` untimed ones. */
export async function measureMlpStepMs(
  widths: number[],
  batch: number,
  opts: { warmup: number; steps: number },
): Promise<number[]> {
  await initEngine();
  const rng = new Rng(0);
  const mlp = new MLP({ sizes: widths, activation: "relu" }, rng);
  const opt = new Adam(mlp.parameters(), { lr: 1e-4 });
  const x = Tensor.randn([batch, widths[0]], rng);
  const y = Tensor.randn([batch, widths[widths.length - 1]], rng);
  const step = () =>
    tidy(() => {
      opt.zeroGrad();
      const loss = mse(mlp.forward(x), y);
      loss.backward();
      opt.step();
    });
  for (let i = 0; i < opts.warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < opts.steps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  mlp.dispose();
  opt.dispose();
  x.dispose();
  y.dispose();
  return times;
}
