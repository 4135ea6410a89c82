// The CPU ray-cast renderer: scenes of primitive geoms (from MuJoCo or built by hand), a tracking
// camera, the ray caster, filmstrips and GIF encoding. Runs in a browser too; PNG encoding and
// writing files (Node only) are in nodeOutput.ts.
export { type CameraSettings, DEFAULT_CAMERA, placeCamera } from "./camera.js";
export { cameraFor } from "./cameraPresets.js";
export {
  type EpisodeRenderOptions,
  type MujocoBacked,
  mujocoOf,
  type Policy,
  type RenderedEpisode,
  randomPolicy,
  renderEpisode,
  seededRandomPolicy,
} from "./episodeRecorder.js";
export { type FilmstripOptions, filmstrip } from "./filmstrip.js";
export { encodeGif, type GifOptions } from "./gif.js";
export { type MeasureRenderOptions, measureRenderMs } from "./measureRender.js";
export { type MujocoSceneOptions, sceneFromMujoco } from "./mujocoScene.js";
export { RayCaster, type RgbImage } from "./rayCaster.js";
export { DEFAULT_RENDER_SETTINGS, type RenderSettings } from "./renderSettings.js";
export { addGeom, createScene, GeomKind, type GeomSpec, type Scene } from "./scene.js";
