// ImageConnector's sizes (PROTOCOL.md 7): format 0 is the stored picture, 1 a thumbnail and 2 a medium copy, scaled
// down per request with sharp (loaded on first use). Must not touch the database or feed non-images to the decoder.

import { createHash } from 'node:crypto';
import type createSharp from 'sharp';
import { turnLimit } from '../turn-limit.ts';
import { imageMimeOf } from './mime-types.ts';

export type ImageFormat = 0 | 1 | 2;

/** The longest side of each smaller size, in pixels; a picture already smaller is never enlarged. */
export const IMAGE_SIZES = { 1: 64, 2: 256 } as const satisfies Record<Exclude<ImageFormat, 0>, number>;

/** A decompression bomb (a few KB of PNG claiming gigapixels) is refused before it is decoded: 40 megapixels. */
const MAX_INPUT_PIXELS = 40_000_000;

/** What scaled copies are written as: photos stay JPEG or WebP, anything else becomes a PNG. */
const OUTPUT = { 'image/jpeg': 'jpeg', 'image/webp': 'webp', 'image/png': 'png', 'image/gif': 'png' } as const;

export interface ImageFile {
  data: Buffer;
  mime: string;
}

let sharpLoading: Promise<typeof createSharp> | undefined;

/** sharp loads libvips (tens of MB): only servers that are asked for a scaled picture pay for it. */
function loadSharp(): Promise<typeof createSharp> {
  sharpLoading ??= import('sharp').then(
    (module) => module.default,
    (error: Error) => {
      // Said once: every later picture is answered as stored.
      process.emitWarning(`ImageConnector: sharp could not be loaded, pictures are not scaled (${error.message})`);
      throw error;
    },
  );
  return sharpLoading;
}

/** Decoding is CPU and memory heavy (up to 40 megapixels each): at most two at once, the rest wait their turn. */
const withDecoder = turnLimit(2);

/**
 * Scaled copies by the hash of the stored bytes and the size: the same picture asked again is not decoded again,
 * and new bytes (a new picture, another environment) never meet an old copy. Oldest out past 32 MB.
 */
const CACHE_BYTES = 32 * 1024 * 1024;
const scaled = new Map<string, ImageFile>();
let cachedBytes = 0;

function remember(key: string, image: ImageFile): void {
  scaled.set(key, image);
  cachedBytes += image.data.length;
  for (const [oldKey, old] of scaled) {
    if (cachedBytes <= CACHE_BYTES) break;
    scaled.delete(oldKey);
    cachedBytes -= old.data.length;
  }
}

/** `?format=`: absent or empty is the original; anything but 0, 1 or 2 is undefined. */
export function parseImageFormat(raw: string | undefined): ImageFormat | undefined {
  const text = (raw ?? '').trim();
  if (text === '' || text === '0') return 0;
  if (text === '1') return 1;
  if (text === '2') return 2;
  return undefined;
}

/**
 * The picture in the asked size. Only the raster formats recognised by their signature are decoded (SVG and
 * unknown bytes never reach libvips); anything else, or a picture that fails to decode, is answered as stored.
 */
export async function sizedImage(original: ImageFile, format: ImageFormat): Promise<ImageFile> {
  if (format === 0) return original;
  const detected = imageMimeOf(original.data);
  const output = detected === undefined ? undefined : OUTPUT[detected as keyof typeof OUTPUT];
  if (output === undefined) return original;
  const side = IMAGE_SIZES[format];
  const key = `${createHash('sha256').update(original.data).digest('hex')}:${format}`;
  const hit = scaled.get(key);
  if (hit) return hit;
  try {
    const sharp = await loadSharp();
    const data = await withDecoder(() =>
      sharp(original.data, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
        .autoOrient()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .toFormat(output)
        .toBuffer(),
    );
    const image = { data, mime: `image/${output}` };
    remember(key, image);
    return image;
  } catch {
    // A truncated or corrupt picture: the client gets what was stored rather than an error for a file it could write.
    return original;
  }
}
