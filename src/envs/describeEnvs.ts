// One line per registered env (id, sizes, time limit, description), read from a freshly built
// instance so the sizes can never disagree with the env itself.
import "./index.js";
import { listEnvs, makeBareEnv } from "./registry.js";

export interface EnvDescription {
  id: string;
  observationSize: number;
  actionSize: number;
  maxEpisodeSteps: number;
  description: string;
}

export async function describeEnvs(): Promise<EnvDescription[]> {
  const rows: EnvDescription[] = [];
  for (const spec of listEnvs()) {
    const env = await makeBareEnv(spec.id);
    try {
      rows.push({
        id: spec.id,
        observationSize: env.observationSpace.low.length,
        actionSize: env.actionSpace.low.length,
        maxEpisodeSteps: spec.maxEpisodeSteps,
        description: spec.description,
      });
    } finally {
      env.close();
    }
  }
  return rows;
}
