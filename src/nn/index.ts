// Neural-network building blocks on the engine.
export { Adam, type AdamOptions, adamW } from "./adam.js";
export { Ema, polyakUpdate } from "./averaging.js";
export { loadModule, loadTensors, saveModule, saveTensors } from "./checkpoint.js";
export { RandomFourierEmbedding } from "./fourierEmbedding.js";
export { clipGradNorm } from "./gradClip.js";
export { type InitScheme, initLinear } from "./init.js";
export { LayerNorm } from "./layerNorm.js";
export { Linear, type LinearOptions } from "./linear.js";
export { MLP, type MlpOptions } from "./mlp.js";
export { Module } from "./module.js";
export { ResidualBlock, ResidualMLP, type ResidualMlpOptions } from "./residualMlp.js";
export { decodeSafetensors, encodeSafetensors, type SafetensorsContent } from "./safetensors.js";
export { readSafetensors, readSafetensorsMetadata, writeSafetensors } from "./safetensorsFile.js";
export { SafetensorsFormatError } from "./safetensorsHeader.js";
export { type CosineScheduleOptions, cosineLr } from "./schedule.js";
