// MuJoCo 3 splits the constraints into islands (groups of kinematic trees coupled by constraints)
// and solves each island on its own compact copy of the problem. Every robot here is one kinematic
// tree moving against static world geoms, so there is at most one island and it holds every dof:
// the island solver and the monolithic solver solve the same system, and the fixed-seed
// trajectories stay bit-identical (test/envs/trajectoryGolden.test.ts). Skipping the island
// discovery and the gather/scatter makes an env step faster (hopper and ant; results/envs.md).
// Only for models with a single kinematic tree (model.ntree === 1; test/envs/modelOptions.test.ts).

/** The `<option>` child that turns constraint islands off. */
export const NO_ISLANDS_FLAG = '<flag island="disable"/>';
