// The setting-name helpers now live in src/settings/keys.ts (kept here for existing imports).
export * from "../settings/keys.js";
