// Tiny generated pictures for the demo persons (kn_person.image_data): a silhouette on a coloured square, encoded as
// a real PNG, so ImageConnector has something to scale. Deterministic; must not use Math.random, the clock or I/O.

import { deflateSync } from 'node:zlib';

/** Large enough that both smaller ImageConnector sizes really scale it down (64 px), small enough to stay ~1 KB. */
export const PORTRAIT_SIDE = 96;

const BACKGROUNDS: readonly [number, number, number][] = [
  [0x2f, 0x6f, 0xb3],
  [0x3c, 0x9d, 0x6b],
  [0xc0, 0x5a, 0x3a],
  [0x8a, 0x4f, 0xa8],
  [0xd4, 0xa0, 0x2c],
  [0x4a, 0x5a, 0x6a],
];

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(
  side: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const raw = Buffer.alloc(side * (1 + side * 3));
  for (let y = 0; y < side; y++) {
    const row = y * (1 + side * 3); // each row starts with filter type 0
    for (let x = 0; x < side; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([
      signature,
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

const cache = new Map<number, Uint8Array>();

/** The picture of variant `n` (any integer): one of a few background colours, the same bytes for the same n. */
export function portrait(n: number): Uint8Array {
  const index = Math.abs(n) % BACKGROUNDS.length;
  const cached = cache.get(index);
  if (cached) return cached;
  const background = BACKGROUNDS[index]!;
  const figure = background.map((c) => Math.round(c + (255 - c) * 0.6)) as [number, number, number];
  const s = PORTRAIT_SIDE;
  const png = encodePng(s, (x, y) => {
    const head = (x - s / 2) ** 2 + (y - s * 0.38) ** 2 <= (s * 0.19) ** 2;
    const shoulders = ((x - s / 2) / (s * 0.38)) ** 2 + ((y - s * 1.02) / (s * 0.38)) ** 2 <= 1;
    return head || shoulders ? figure : background;
  });
  cache.set(index, png);
  return png;
}
