// HalfCheetah (Gymnasium v4 facts, reference/environments.md): a planar two-legged runner,
// timestep 0.01 with the Euler integrator, total mass 14. Angles in radians. The leg joints
// (bthigh, bshin, bfoot, fthigh, fshin, ffoot) have stiffness 240/180/120/180/120/60 and damping
// 6/4.5/3/4.5/3/1.5; motor gears 120/90/60/120/60/30, ctrl in [-1, 1].
import { NO_ISLANDS_FLAG } from "./islandFlag.js";

const legJoint = (name: string, range: string, stiffness: number, damping: number) =>
  `<joint name="${name}" type="hinge" axis="0 1 0" range="${range}" stiffness="${stiffness}" damping="${damping}"/>`;

const shinRgba = "0.9 0.6 0.6 1";

export const halfCheetahXml = `
<mujoco model="halfcheetah">
  <compiler angle="radian" autolimits="true" settotalmass="14"/>
  <size memory="256K"/>
  <option timestep="0.01" integrator="Euler" gravity="0 0 -9.81">${NO_ISLANDS_FLAG}</option>
  <default>
    <joint armature="0.1" damping="0.01" stiffness="8" limited="true" solimplimit="0 0.8 0.03" solreflimit="0.02 1"/>
    <geom contype="1" conaffinity="0" condim="3" friction="0.4 0.1 0.1" solimp="0 0.8 0.01" solref="0.02 1"
          rgba="0.8 0.6 0.4 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 40" conaffinity="1" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 0.7">
      <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso" type="capsule" fromto="-0.5 0 0 0.5 0 0" size="0.046"/>
      <geom name="head" type="capsule" pos="0.6 0 0.1" axisangle="0 1 0 0.87" size="0.046 0.15"/>
      <body name="bthigh" pos="-0.5 0 0">
        ${legJoint("bthigh", "-0.52 1.05", 240, 6)}
        <geom name="bthigh" type="capsule" pos="0.1 0 -0.13" axisangle="0 1 0 -3.8" size="0.046 0.145"/>
        <body name="bshin" pos="0.16 0 -0.25">
          ${legJoint("bshin", "-0.785 0.785", 180, 4.5)}
          <geom name="bshin" type="capsule" pos="-0.14 0 -0.07" axisangle="0 1 0 -2.03" size="0.046 0.15"
                rgba="${shinRgba}"/>
          <body name="bfoot" pos="-0.28 0 -0.14">
            ${legJoint("bfoot", "-0.4 0.785", 120, 3)}
            <geom name="bfoot" type="capsule" pos="0.03 0 -0.097" axisangle="0 1 0 -0.27" size="0.046 0.094"
                  rgba="${shinRgba}"/>
          </body>
        </body>
      </body>
      <body name="fthigh" pos="0.5 0 0">
        ${legJoint("fthigh", "-1 0.7", 180, 4.5)}
        <geom name="fthigh" type="capsule" pos="-0.07 0 -0.12" axisangle="0 1 0 0.52" size="0.046 0.133"/>
        <body name="fshin" pos="-0.14 0 -0.24">
          ${legJoint("fshin", "-1.2 0.87", 120, 3)}
          <geom name="fshin" type="capsule" pos="0.065 0 -0.09" axisangle="0 1 0 -0.6" size="0.046 0.106"
                rgba="${shinRgba}"/>
          <body name="ffoot" pos="0.13 0 -0.18">
            ${legJoint("ffoot", "-0.5 0.5", 60, 1.5)}
            <geom name="ffoot" type="capsule" pos="0.045 0 -0.07" axisangle="0 1 0 -0.6" size="0.046 0.07"
                  rgba="${shinRgba}"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="bthigh" joint="bthigh" gear="120"/>
    <motor name="bshin" joint="bshin" gear="90"/>
    <motor name="bfoot" joint="bfoot" gear="60"/>
    <motor name="fthigh" joint="fthigh" gear="120"/>
    <motor name="fshin" joint="fshin" gear="60"/>
    <motor name="ffoot" joint="ffoot" gear="30"/>
  </actuator>
</mujoco>
`;
