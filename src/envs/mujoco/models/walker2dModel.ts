// Walker2d (Gymnasium v4 facts, reference/environments.md): a planar biped. Local coordinates:
// each body frame sits at the joint it hangs from. Angles in degrees. Torso z starts at 1.25
// (rootz's ref makes qpos[1] the torso height); joints have armature 0.01 and damping 0.1; the right
// foot's friction is 0.9, the left foot's 1.9 (v4), the other body geoms' 0.9 and the floor's 0.7;
// motors: gear 100, ctrl in [-1, 1].
import { NO_ISLANDS_FLAG } from "./islandFlag.js";

const leg = (side: string, rgba: string, footFriction: number) => `
      <body name="thigh${side}" pos="0 0 -0.2">
        <joint name="thigh${side}_joint" type="hinge" axis="0 -1 0" range="-150 0"/>
        <geom name="thigh${side}_geom" type="capsule" fromto="0 0 0 0 0 -0.45" size="0.05" friction="0.9"
              rgba="${rgba}"/>
        <body name="leg${side}" pos="0 0 -0.45">
          <joint name="leg${side}_joint" type="hinge" axis="0 -1 0" range="-150 0"/>
          <geom name="leg${side}_geom" type="capsule" fromto="0 0 0 0 0 -0.5" size="0.04" friction="0.9"
                rgba="${rgba}"/>
          <body name="foot${side}" pos="0 0 -0.5">
            <joint name="foot${side}_joint" type="hinge" axis="0 -1 0" range="-45 45"/>
            <geom name="foot${side}_geom" type="capsule" fromto="0 0 0 0.2 0 0" size="0.06"
                  friction="${footFriction}" rgba="${rgba}"/>
          </body>
        </body>
      </body>`;

export const walker2dXml = `
<mujoco model="walker2d">
  <compiler angle="degree" autolimits="true"/>
  <size memory="256K"/>
  <option timestep="0.002" integrator="RK4">${NO_ISLANDS_FLAG}</option>
  <default>
    <joint armature="0.01" damping="0.1" limited="true"/>
    <geom contype="1" conaffinity="0" condim="3" density="1000" friction="0.7 0.1 0.1" rgba="0.8 0.6 0.4 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1" gear="100"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 40" conaffinity="1" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" ref="1.25" limited="false" armature="0" damping="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" limited="false" armature="0" damping="0"/>
      <geom name="torso_geom" type="capsule" fromto="0 0 0.2 0 0 -0.2" size="0.05" friction="0.9"/>
${leg("", "0.8 0.6 0.4 1", 0.9)}
${leg("_left", "0.7 0.3 0.6 1", 1.9)}
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh" joint="thigh_joint"/>
    <motor name="leg" joint="leg_joint"/>
    <motor name="foot" joint="foot_joint"/>
    <motor name="thigh_left" joint="thigh_left_joint"/>
    <motor name="leg_left" joint="leg_left_joint"/>
    <motor name="foot_left" joint="foot_left_joint"/>
  </actuator>
</mujoco>
`;
