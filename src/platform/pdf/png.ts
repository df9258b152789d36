// PNG images (the drawn signature: a canvas's toDataURL, 8-bit RGBA) embedded with the runtime's
// native zlib. pdf-lib's embedPng decodes the PNG with UPNG (inflate in JavaScript, pako), copies
// it to RGBA, splits off the alpha channel and deflates both again: about a twentieth of rendering
// the agreement, for one small picture. The common PNGs are read here instead (8 bits per
// channel, not interlaced, grey or truecolour with or without alpha, no tRNS): inflated natively,
// the rows unfiltered, and written as the same image pdf-lib writes (DeviceRGB, 8 bits, with an
// SMask of the alpha channel when some pixel is not opaque). Anything else goes to pdf-lib.
import { constants, inflateSync } from 'node:zlib';
import { type PDFDocument, PDFImage, PngEmbedder } from 'pdf-lib';
import { deflatedStream } from './document.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * How the channels are deflated. A drawing is mostly empty: runs of transparent pixels (alpha 0,
 * colour 0) around strokes of one ink. zlib's usual level 6 searches long chains of earlier
 * matches in those runs; for the example signature (240×72) level 1 makes the colour channel 254
 * bytes instead of 78 in a sixth of the time, and run-length matching the alpha channel 1,510
 * bytes instead of 1,678 in half the time.
 */
const RGB_DEFLATE = { level: 1 };
const ALPHA_DEFLATE = { level: 6, strategy: constants.Z_RLE };

/** Channels per pixel of the PNG colour types read here: grey, RGB, grey + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

interface DecodedPng {
  width: number;
  height: number;
  /** RGB, 8 bits per channel, rows top to bottom. */
  rgb: Uint8Array;
  /** The alpha channel, when some pixel is not fully opaque. */
  alpha?: Uint8Array;
}

const u32 = (bytes: Uint8Array, at: number) => ((bytes[at] as number) * 0x1000000 + (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number))) >>> 0;
const type = (bytes: Uint8Array, at: number) => String.fromCharCode(bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number, bytes[at + 3] as number);

/** Decodes a PNG this module reads; null when it is another kind (pdf-lib's decoder then). Throws when it is broken. */
export function decodePng(png: Uint8Array): DecodedPng | null {
  if (png.length < 8 + 25 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('Not a PNG image.');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (at + 8 <= png.length) {
    const length = u32(png, at);
    const kind = type(png, at + 4);
    const data = at + 8;
    if (data + length + 4 > png.length) throw new Error('The PNG image is cut short.');
    if (kind === 'IHDR') {
      width = u32(png, data);
      height = u32(png, data + 4);
      const [bitDepth, colorType, , , interlace] = png.subarray(data + 8, data + 13);
      channels = bitDepth === 8 && interlace === 0 ? (CHANNELS[colorType as number] ?? 0) : 0;
      if (channels === 0 || width === 0 || height === 0) return null;
    } else if (kind === 'IDAT') {
      idat.push(png.subarray(data, data + length));
    } else if (kind === 'tRNS' || kind === 'acTL') {
      // A transparent colour, or an animation: pdf-lib's decoder knows them.
      return null;
    } else if (kind === 'IEND') {
      break;
    }
    at = data + length + 4;
  }
  if (channels === 0 || idat.length === 0) throw new Error('The PNG image has no header or no image data.');
  const stride = width * channels;
  const raw = inflateSync(idat.length === 1 ? (idat[0] as Uint8Array) : concat(idat));
  if (raw.length < height * (stride + 1)) throw new Error('The PNG image data is cut short.');
  const pixels = unfilter(raw, width, height, channels);

  const count = width * height;
  const rgb = new Uint8Array(count * 3);
  const alpha = channels === 2 || channels === 4 ? new Uint8Array(count) : undefined;
  // One loop per layout (a loop with the layout decided per pixel is several times slower).
  if (channels === 4) {
    const a = alpha as Uint8Array;
    for (let p = 0, i = 0, o = 0; p < count; p++, i += 4, o += 3) {
      rgb[o] = pixels[i] as number;
      rgb[o + 1] = pixels[i + 1] as number;
      rgb[o + 2] = pixels[i + 2] as number;
      a[p] = pixels[i + 3] as number;
    }
  } else if (channels === 3) {
    rgb.set(pixels.subarray(0, count * 3));
  } else {
    for (let p = 0, o = 0; p < count; p++, o += 3) {
      const grey = pixels[p * channels] as number;
      rgb[o] = grey;
      rgb[o + 1] = grey;
      rgb[o + 2] = grey;
      if (alpha) alpha[p] = pixels[p * channels + 1] as number;
    }
  }
  let translucent = false;
  if (alpha) {
    for (let p = 0; p < count; p++) {
      if ((alpha[p] as number) < 255) {
        translucent = true;
        break;
      }
    }
  }
  return translucent ? { width, height, rgb, alpha } : { width, height, rgb };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The PNG rows without their filters (PNG spec §9), one byte per channel; a loop per filter type. */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    // The row above (zeros above the first row: the filters then see 0, as the spec says).
    const prev = y > 0 ? row - stride : -1;
    const up = (x: number) => (prev < 0 ? 0 : (out[prev + x] as number));
    if (filter === 0) {
      out.set(raw.subarray(src, src + stride), row);
    } else if (filter === 1) {
      for (let x = 0; x < stride; x++) out[row + x] = ((raw[src + x] as number) + (x >= bpp ? (out[row + x - bpp] as number) : 0)) & 0xff;
    } else if (filter === 2) {
      if (prev < 0) out.set(raw.subarray(src, src + stride), row);
      else for (let x = 0; x < stride; x++) out[row + x] = ((raw[src + x] as number) + (out[prev + x] as number)) & 0xff;
    } else if (filter === 3) {
      for (let x = 0; x < stride; x++) out[row + x] = ((raw[src + x] as number) + (((x >= bpp ? (out[row + x - bpp] as number) : 0) + up(x)) >> 1)) & 0xff;
    } else if (filter === 4) {
      for (let x = 0; x < stride; x++) {
        const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
        const above = up(x);
        const upLeft = x >= bpp ? up(x - bpp) : 0;
        const p = left + above - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - above);
        const pc = Math.abs(p - upLeft);
        out[row + x] = ((raw[src + x] as number) + (pa <= pb && pa <= pc ? left : pb <= pc ? above : upLeft)) & 0xff;
      }
    } else {
      throw new Error(`The PNG image has an unknown row filter (${filter}).`);
    }
  }
  return out;
}

/**
 * Embeds a PNG: what pdf.embedPng(png) gives (the same image and soft mask), the PNGs this module
 * reads decoded and deflated natively, written into the document right away.
 */
export async function embedPng(pdf: PDFDocument, png: Uint8Array): Promise<PDFImage> {
  const image = decodePng(png);
  if (!image) return pdf.embedPng(png);
  const { context } = pdf;
  const { width, height } = image;
  const smask = image.alpha
    ? context.register(deflatedStream(context, image.alpha, { Type: 'XObject', Subtype: 'Image', Height: height, Width: width, BitsPerComponent: 8, ColorSpace: 'DeviceGray', Decode: [0, 1] }, ALPHA_DEFLATE))
    : undefined;
  const ref = context.register(deflatedStream(context, image.rgb, { Type: 'XObject', Subtype: 'Image', BitsPerComponent: 8, Width: width, Height: height, ColorSpace: 'DeviceRGB', SMask: smask }, RGB_DEFLATE));
  // A PDFImage for drawing (the layout reads its ref, width and height). It is embedded already and
  // not in the document's list of images to embed when it saves; PDFImage insists on one of
  // pdf-lib's embedders, so it gets a PngEmbedder that only knows the size and the reference.
  const embedded: PngEmbedder = Object.assign(Object.create(PngEmbedder.prototype) as PngEmbedder, { width, height, embedIntoContext: async () => ref });
  return PDFImage.of(ref, pdf, embedded);
}
