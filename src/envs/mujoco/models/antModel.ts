// Ant (Gymnasium v4 facts, reference/environments.md): a four-legged robot on a free joint, torso
// z starting at 0.75, timestep 0.01 with RK4. Angles in degrees. Each leg is a hip (hinge about z,
// +-30 deg) and an ankle (hinge about a horizontal axis). Motors: gear 150, ctrl in [-1, 1], in the
// v4 order hip_4, ankle_4, hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3.
import { NO_ISLANDS_FLAG } from "./islandFlag.js";

/** The ant's legs: direction (x, y signs), ankle axis and ankle range, as in the v4 model. */
const legs = [
  { n: 1, sx: 1, sy: 1, ankleAxis: "-1 1 0", ankleRange: "30 70" },
  { n: 2, sx: -1, sy: 1, ankleAxis: "1 1 0", ankleRange: "-70 -30" },
  { n: 3, sx: -1, sy: -1, ankleAxis: "-1 1 0", ankleRange: "-70 -30" },
  { n: 4, sx: 1, sy: -1, ankleAxis: "1 1 0", ankleRange: "30 70" },
];

const leg = ({ n, sx, sy, ankleAxis, ankleRange }: (typeof legs)[number]): string => {
  const hipEnd = `${0.2 * sx} ${0.2 * sy} 0`;
  const footEnd = `${0.4 * sx} ${0.4 * sy} 0`;
  return `
      <body name="leg_${n}" pos="0 0 0">
        <geom name="aux_${n}_geom" type="capsule" fromto="0 0 0 ${hipEnd}" size="0.08"/>
        <body name="aux_${n}" pos="${hipEnd}">
          <joint name="hip_${n}" type="hinge" axis="0 0 1" range="-30 30"/>
          <geom name="leg_${n}_geom" type="capsule" fromto="0 0 0 ${hipEnd}" size="0.08"/>
          <body name="ankle_${n}_body" pos="${hipEnd}">
            <joint name="ankle_${n}" type="hinge" axis="${ankleAxis}" range="${ankleRange}"/>
            <geom name="ankle_${n}_geom" type="capsule" fromto="0 0 0 ${footEnd}" size="0.08"/>
          </body>
        </body>
      </body>`;
};

/** The ant's bodies (torso with free joint and legs) as an MJCF <body>, reusable inside other worlds. */
export const antBodyXml = `
    <body name="torso" pos="0 0 0.75">
      <joint name="root" type="free" limited="false" armature="0" damping="0"/>
      <geom name="torso_geom" type="sphere" size="0.25"/>
${legs.map(leg).join("")}
    </body>`;

export const antActuatorsXml = [4, 1, 2, 3]
  .map(
    (n) => `
    <motor name="hip_${n}" joint="hip_${n}" ctrllimited="true" ctrlrange="-1 1" gear="150"/>
    <motor name="ankle_${n}" joint="ankle_${n}" ctrllimited="true" ctrlrange="-1 1" gear="150"/>`,
  )
  .join("");

export const antXml = `
<mujoco model="ant">
  <compiler angle="degree" autolimits="true"/>
  <size memory="1M"/>
  <option timestep="0.01" integrator="RK4">${NO_ISLANDS_FLAG}</option>
  <default>
    <joint armature="1" damping="1" limited="true"/>
    <geom contype="1" conaffinity="0" condim="3" density="5" friction="1 0.5 0.5" margin="0.01"
          rgba="0.8 0.6 0.4 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 40" conaffinity="1" rgba="0.8 0.9 0.8 1"/>
${antBodyXml}
  </worldbody>
  <actuator>${antActuatorsXml}
  </actuator>
</mujoco>
`;
