// The settings building blocks now live in src/settings/types.ts (kept here for existing imports).
export * from "../settings/types.js";
