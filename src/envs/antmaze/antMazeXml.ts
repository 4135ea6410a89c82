// The MJCF model of an AntMaze: D4RL's ant (d4rl/locomotion/assets/ant.xml: timestep 0.02,
// RK4, motors with ctrlrange +-30 and no gear, torso at z 0.75) plus D4RL's wall blocks
// (D4RL's MazeEnv: 4 m cells, 2 m high, contype/conaffinity 1 so the ant collides with them;
// adjacent blocks merged into one box, see wallBoxes.ts).
import { NO_ISLANDS_FLAG } from "../mujoco/models/islandFlag.js";
import { WALL_HEIGHT } from "./mazeGeometry.js";
import type { MazeLayout } from "./mazeLayouts.js";
import { wallBoxes } from "./wallBoxes.js";

/** Torque limit of every AntMaze motor (D4RL's ctrlrange); actions in [-1, 1] are scaled to it. */
export const ANTMAZE_CTRL_LIMIT = 30;

/** Leg i of the ant, pointing along (sx, sy); as in D4RL's ant.xml. */
function leg(i: number, sx: number, sy: number, ankleAxis: string, ankleRange: string): string {
  const x = 0.2 * sx;
  const y = 0.2 * sy;
  return `
      <body name="leg_${i}" pos="0 0 0">
        <geom name="aux_${i}_geom" type="capsule" size="0.08" fromto="0 0 0 ${x} ${y} 0"/>
        <body name="aux_${i}" pos="${x} ${y} 0">
          <joint name="hip_${i}" type="hinge" pos="0 0 0" axis="0 0 1" range="-30 30"/>
          <geom name="leg_${i}_geom" type="capsule" size="0.08" fromto="0 0 0 ${x} ${y} 0"/>
          <body name="foot_${i}" pos="${x} ${y} 0">
            <joint name="ankle_${i}" type="hinge" pos="0 0 0" axis="${ankleAxis}" range="${ankleRange}"/>
            <geom name="ankle_${i}_geom" type="capsule" size="0.08" fromto="0 0 0 ${2 * x} ${2 * y} 0"/>
          </body>
        </body>
      </body>`;
}

/** D4RL's actuator order (hence the action order): leg 4, 1, 2, 3, hip before ankle. */
function motors(): string {
  const range = `${-ANTMAZE_CTRL_LIMIT} ${ANTMAZE_CTRL_LIMIT}`;
  return [4, 1, 2, 3]
    .flatMap((i) => [`hip_${i}`, `ankle_${i}`])
    .map((joint) => `    <motor joint="${joint}" ctrlrange="${range}" ctrllimited="true"/>`)
    .join("\n");
}

function wallGeoms(layout: MazeLayout): string {
  return wallBoxes(layout)
    .map(
      (w) =>
        `    <geom name="wall_${w.firstRow}_${w.firstCol}" type="box" pos="${w.center.x} ${w.center.y} ${WALL_HEIGHT / 2}" ` +
        `size="${w.halfX} ${w.halfY} ${WALL_HEIGHT / 2}" contype="1" conaffinity="1" rgba="0.7 0.5 0.3 1"/>`,
    )
    .join("\n");
}

export function antMazeXml(layout: MazeLayout): string {
  return `<mujoco model="antmaze-${layout.name}">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.02" integrator="RK4">${NO_ISLANDS_FLAG}</option>
  <size memory="1M"/>
  <default>
    <joint limited="true" armature="1" damping="1"/>
    <geom condim="3" conaffinity="0" margin="0.01" friction="1 0.5 0.5" solref="0.02 1" solimp="0.8 0.8 0.01"
          rgba="0.8 0.6 0.4 1" density="5"/>
  </default>
  <worldbody>
    <light directional="true" diffuse="1 1 1" specular="0.1 0.1 0.1" pos="0 0 1.3" dir="0 0 -1"/>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1" rgba="0.8 0.9 0.8 1"/>
${wallGeoms(layout)}
    <body name="torso" pos="0 0 0.75">
      <geom name="torso_geom" type="sphere" size="0.25" pos="0 0 0" rgba="0.3 0.9 0.5 1"/>
      <joint name="root" type="free" limited="false" pos="0 0 0" margin="0.01" armature="0" damping="0"/>
${leg(1, 1, 1, "-1 1 0", "30 70")}
${leg(2, -1, 1, "1 1 0", "-70 -30")}
${leg(3, -1, -1, "-1 1 0", "-70 -30")}
${leg(4, 1, -1, "1 1 0", "30 70")}
    </body>
  </worldbody>
  <actuator>
${motors()}
  </actuator>
</mujoco>
`;
}
