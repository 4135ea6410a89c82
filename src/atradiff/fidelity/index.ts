// Fidelity of generated (or real) transitions, checked against the MuJoCo simulator.
export * from "./fidelityEnv.js";
export * from "./fidelityScales.js";
export * from "./generatorFidelity.js";
export * from "./positionFidelity.js";
export * from "./simulatorFidelity.js";
export * from "./transitionBatches.js";
