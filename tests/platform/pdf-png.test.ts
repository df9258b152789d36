// PNGs (the drawn signature) embedded with native zlib (src/platform/pdf/png.ts): the same image
// and soft mask as pdf-lib's embedPng, for every PNG row filter and the colour types read there;
// other PNGs still go through pdf-lib, broken ones throw.
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { savePdf } from '../../src/platform/pdf/document.js';
import { decodePng, embedPng } from '../../src/platform/pdf/png.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of these pixels (one byte per channel), row y written with filter y % 5, in two IDAT chunks. */
function encodePng(width: number, height: number, colorType: number, pixels: Uint8Array, options: { bitDepth?: number; extra?: Buffer[] } = {}): Uint8Array {
  const bpp = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType] as number;
  const stride = width * bpp;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = (yy: number, xx: number) => (yy >= 0 && xx >= 0 ? (pixels[yy * stride + xx] as number) : 0);
      const a = at(y, x - bpp);
      const b = at(y - 1, x);
      const c = at(y - 1, x - bpp);
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      raw[y * (stride + 1) + 1 + x] = ((pixels[y * stride + x] as number) - predicted) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = options.bitDepth ?? 8;
  ihdr[9] = colorType;
  const data = deflateSync(raw);
  const half = data.length >> 1;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(options.extra ?? []),
    chunk('IDAT', data.subarray(0, half)),
    chunk('IDAT', data.subarray(half)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Deterministic pixels, with many repeated values (as in a drawing; they make the Paeth ties), some half transparent. */
function pixelsFor(width: number, height: number, channels: number, opaque: boolean): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  let seed = 7;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const alphaByte = (channels === 2 || channels === 4) && i % channels === channels - 1;
    out[i] = alphaByte ? (opaque ? 255 : ([0, 0, 255, 128, seed & 0xff][seed % 5] as number)) : ([0, 10, 20, 30, (seed >> 8) & 0xff][(seed >> 4) % 5] as number);
  }
  return out;
}

/** The images of a saved PDF: dictionary (without Length) and inflated bytes, the soft mask's too. */
async function imagesOf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const images: { dict: string; data: string; smask?: { dict: string; data: string } }[] = [];
  const read = (stream: PDFRawStream) => {
    const dict = stream.dict.clone();
    dict.delete(PDFName.of('Length'));
    dict.delete(PDFName.of('SMask'));
    return { dict: dict.toString(), data: Buffer.from(inflateSync(stream.getContents())).toString('base64') };
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue;
    const smask = object.dict.get(PDFName.of('SMask'));
    const mask = smask instanceof PDFRef ? doc.context.lookup(smask) : undefined;
    images.push({ ...read(object), ...(mask instanceof PDFRawStream ? { smask: read(mask) } : {}) });
  }
  return images;
}

async function bothWays(png: Uint8Array) {
  const ours = await PDFDocument.create();
  await embedPng(ours, png);
  const theirs = await PDFDocument.create();
  await theirs.embedPng(png);
  return { ours: await imagesOf(await savePdf(ours)), theirs: await imagesOf(await savePdf(theirs)) };
}

describe('embedPng', () => {
  const cases = [
    { name: 'RGBA with transparency (a canvas drawing)', colorType: 6, opaque: false },
    { name: 'RGBA, every pixel opaque (no soft mask)', colorType: 6, opaque: true },
    { name: 'RGB', colorType: 2, opaque: true },
    { name: 'grey', colorType: 0, opaque: true },
    { name: 'grey with alpha', colorType: 4, opaque: false },
  ];
  for (const c of cases) {
    it(`writes the same image as pdf-lib's embedPng: ${c.name}, every row filter`, async () => {
      const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[c.colorType] as number;
      const png = encodePng(23, 17, c.colorType, pixelsFor(23, 17, channels, c.opaque));
      expect(decodePng(png)).not.toBeNull();
      const { ours, theirs } = await bothWays(png);
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs);
      expect(ours[0]?.smask !== undefined).toBe(!c.opaque);
    });
  }

  it('leaves other PNGs to pdf-lib (here 16 bits per channel and a transparent colour)', async () => {
    const sixteen = encodePng(4, 3, 2, pixelsFor(8, 3, 3, true), { bitDepth: 16 });
    expect(decodePng(sixteen)).toBeNull();
    const withTrns = encodePng(5, 4, 2, pixelsFor(5, 4, 3, true), { extra: [chunk('tRNS', new Uint8Array([0, 1, 0, 2, 0, 3]))] });
    expect(decodePng(withTrns)).toBeNull();
    for (const png of [sixteen, withTrns]) {
      const { ours, theirs } = await bothWays(png);
      expect(ours).toHaveLength(1);
      expect(ours).toEqual(theirs);
    }
  });

  it('throws on what is not a PNG or is cut short', async () => {
    const png = encodePng(6, 6, 6, pixelsFor(6, 6, 4, false));
    await expect(embedPng(await PDFDocument.create(), new TextEncoder().encode('not a png at all, not at all'))).rejects.toThrow();
    expect(() => decodePng(png.subarray(0, png.length - 30))).toThrow();
  });
});
