// The renderer's Node-only output: PNG encoding (pngjs uses Node's zlib and Buffer) and writing
// files that refuse to overwrite without --force. Kept out of index.ts so the renderer itself can
// be bundled for a browser.
export { decodePng, encodePng } from "./png.js";
export { assertWritable, writeOutputFile } from "./writeOutputFile.js";
