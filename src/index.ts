// atradiff: the library's public entry point.
export * from "./atradiff/index.js";
export * from "./data/index.js";
export * from "./engine/index.js";
export * from "./envs/index.js";
export * from "./nn/index.js";
