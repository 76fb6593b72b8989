#!/usr/bin/env node
// Draws build/icon.png (512×512, what electron-builder turns into every platform's icon):
// three nodes of a pipeline wired together, on a dark rounded square. Run it again after
// changing the drawing: `node build/make-icon.mjs`. No image library: shapes are signed
// distance functions, anti-aliased by their distance, written as a PNG with zlib.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SIZE = 512;

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BACKGROUND_TOP = hex('#1f2937');
const BACKGROUND_BOTTOM = hex('#0b1120');
const WIRE = hex('#a78bfa');
const NODES = [
  { x: 146, y: 256, r: 58, fill: hex('#60a5fa') },
  { x: 366, y: 150, r: 48, fill: hex('#34d399') },
  { x: 366, y: 362, r: 48, fill: hex('#f472b6') },
];

function roundedSquareDistance(x, y, inset, radius) {
  const half = SIZE / 2 - inset - radius;
  const qx = Math.abs(x - SIZE / 2) - half;
  const qy = Math.abs(y - SIZE / 2) - half;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** A cubic Bézier from one node to another, as a polyline (fine enough at this size). */
function wire(from, to) {
  const x0 = from.x + from.r;
  const x3 = to.x - to.r;
  const mid = (x0 + x3) / 2;
  const points = [];
  for (let i = 0; i <= 48; i++) {
    const t = i / 48;
    const u = 1 - t;
    const x = u ** 3 * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t ** 3 * x3;
    const y = u ** 3 * from.y + 3 * u * u * t * from.y + 3 * u * t * t * to.y + t ** 3 * to.y;
    points.push([x, y]);
  }
  return points;
}

function polylineDistance(px, py, points) {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1];
    const [bx, by] = points[i];
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return best;
}

const coverage = (distance) => Math.max(0, Math.min(1, 0.5 - distance));

function over(pixel, colour, alpha) {
  for (let c = 0; c < 3; c++) pixel[c] = pixel[c] * (1 - alpha) + colour[c] * alpha;
  pixel[3] = pixel[3] + alpha * (1 - pixel[3]);
}

function draw() {
  const wires = [wire(NODES[0], NODES[1]), wire(NODES[0], NODES[2])];
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const pixel = [0, 0, 0, 0];
      const t = y / (SIZE - 1);
      const background = BACKGROUND_TOP.map((c, i) => c * (1 - t) + BACKGROUND_BOTTOM[i] * t);
      over(pixel, background, coverage(roundedSquareDistance(px, py, 24, 104)));
      for (const points of wires) over(pixel, WIRE, coverage(polylineDistance(px, py, points) - 9));
      for (const node of NODES) {
        const d = Math.hypot(px - node.x, py - node.y) - node.r;
        over(pixel, [255, 255, 255], coverage(d - 6) * 0.9);
        over(pixel, node.fill, coverage(d));
      }
      const o = (y * SIZE + x) * 4;
      // Colours were blended as if on black; un-premultiply for PNG's straight alpha.
      const a = pixel[3];
      for (let c = 0; c < 3; c++) rgba[o + c] = a > 0 ? Math.round(Math.min(255, pixel[c] / a)) : 0;
      rgba[o + 3] = Math.round(a * 255);
    }
  }
  return rgba;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each row starts with filter type 0 (none).
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) rgba.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const target = path.join(import.meta.dirname, 'icon.png');
writeFileSync(target, png(draw()));
console.log(`wrote ${target}`);
