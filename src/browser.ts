// atradiff in a browser: the engine (WebAssembly kernels, one thread), the environments and the
// renderer, and sampling trajectories from a trained generator. Nothing imported from here uses
// Node; what needs Node (files, the native backend, worker threads, training runs, the CLI) is
// only in the main entry. A page serves dist/wasm/ (the engine's kernels) and @mujoco/mujoco's
// mujoco.wasm, and gives their URLs (or bytes) once:
//   await initEngine({ kernels: "/wasm/" });
//   await loadMujocoFrom("/mujoco.wasm");
//   const env = await makeEnv("hopper");
//   const generator = generatorFromFiles({ "manifest.json": ..., "lengthEstimator.safetensors": ... });
//   generator.generate(startStates, { rng: new Rng(0) });
export { generatorFromFiles } from "./atradiff/generator/generatorManifest.js";
export type { GeneratorSettings } from "./atradiff/generator/generatorSettings.js";
export type { Task } from "./atradiff/generator/taskPrompt.js";
export type { GenerateOptions, TrajectoryGenerator } from "./atradiff/generator/trajectoryGenerator.js";
export type { Trajectory } from "./atradiff/windows/trajectory.js";
export { type BrowserEngineOptions, initEngine, type KernelBinaries } from "./engine/browserEngine.js";
export { closeEngine, type Engine, engine } from "./engine/engineInstance.js";
export * as ops from "./engine/ops/index.js";
export { Rng, type RngState } from "./engine/rng.js";
export { type GradNode, gradOf, keep, noGrad, recordOp, Tensor, tidy } from "./engine/tensor.js";
export * from "./envs/index.js";
export { loadMujocoFrom } from "./envs/mujoco/mujocoModule.js";
export * from "./envs/render/index.js";
export { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from "./nn/safetensors.js";
