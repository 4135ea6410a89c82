// Splits large matrix products over worker threads sharing the engine's WebAssembly.Memory.
// (Being written: until then it runs serially.)
import { type GemmArgs, type GemmRunner, SerialGemmRunner } from "./gemmRunner.js";
import type { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import type { KernelModule } from "./wasmModule.js";

export class ThreadedGemmRunner implements GemmRunner {
  readonly threads = 1;
  private constructor(private readonly serial: SerialGemmRunner) {}
  static async create(_km: KernelModule, kernels: KernelExports, heap: Heap, _threads: number) {
    return new ThreadedGemmRunner(
      new SerialGemmRunner(kernels, heap.alloc(Math.max(kernels.gemmScratchBytes(), 64))),
    );
  }
  gemm(args: GemmArgs): void {
    this.serial.gemm(args);
  }
  async close(): Promise<void> {}
}
