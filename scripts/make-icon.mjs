// Draws images/icon.png (128x128 RGBA) without any image library: a certificate sheet
// with text lines and a seal on a teal tile, anti-aliased by 4x4 supersampling,
// written as a PNG with node:zlib. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = 4; // supersampling per axis

const roundedRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const s = (px, py, qx, qy, rx, ry) => (px - rx) * (qy - ry) - (qx - rx) * (py - ry);
  const d1 = s(x, y, ax, ay, bx, by), d2 = s(x, y, bx, by, cx, cy), d3 = s(x, y, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

/** Colour of one sample point (RGBA, 0-255), painter's order. */
function sample(x, y) {
  let c = [0, 0, 0, 0];
  if (roundedRect(x, y, 2, 2, 126, 126, 22)) {
    const t = (x + y) / 256; // teal gradient
    c = [Math.round(18 + 20 * t), Math.round(110 + 40 * t), Math.round(120 + 30 * t), 255];
  }
  if (roundedRect(x, y, 24, 18, 104, 100, 6)) c = [250, 250, 246, 255]; // the sheet
  for (const [ly, lx1] of [[34, 88], [46, 80], [58, 86], [70, 62]]) {
    if (roundedRect(x, y, 36, ly, lx1, ly + 5, 2.5)) c = [60, 80, 90, 255]; // text lines
  }
  // the seal: ribbons, then the disc with a check mark
  if (triangle(x, y, [76, 92], [70, 118], [82, 110]) || triangle(x, y, [90, 92], [96, 118], [84, 110])) c = [200, 60, 40, 255];
  if (circle(x, y, 83, 86, 15)) c = [232, 96, 44, 255];
  if (circle(x, y, 83, 86, 10.5) && !circle(x, y, 83, 86, 9)) c = [255, 220, 190, 255];
  const onCheck = (px, py, qx, qy) => {
    const len = Math.hypot(qx - px, qy - py);
    const t = Math.max(0, Math.min(1, ((x - px) * (qx - px) + (y - py) * (qy - py)) / (len * len)));
    return Math.hypot(x - (px + t * (qx - px)), y - (py + t * (qy - py))) <= 1.8;
  };
  if (onCheck(77.5, 86, 81.5, 90.5) || onCheck(81.5, 90.5, 89, 81.5)) c = [255, 255, 255, 255];
  return c;
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < S; sy++) {
      for (let sx = 0; sx < S; sx++) {
        const c = sample(x + (sx + 0.5) / S, y + (sy + 0.5) / S);
        for (let i = 0; i < 3; i++) acc[i] += c[i] * c[3];
        acc[3] += c[3];
      }
    }
    const o = y * (N * 4 + 1) + 1 + x * 4;
    const a = acc[3] / (S * S);
    for (let i = 0; i < 3; i++) raw[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
    raw[o + 3] = Math.round(a);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
