/** Node-only helpers: files and pictures. The browser-safe library is the package root. */
export { assertWritable, writeFileAtomic } from './atomic-write.js';
export { type PictureFormat, pictureFormat, svgToPng, writePicture } from './picture.js';
