/**
 * After `vite build`: a brotli (.br) and a gzip (.gz) copy beside every text file of the built client, at
 * the strongest settings, since this runs once per release and a phone on a slow line reads every byte.
 * The server sends the copy the browser accepts (server/http/staticFiles.ts). A copy no smaller than the
 * file is not written. `node scripts/compress.ts [folder]`, the folder defaulting to dist/client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'client'));
const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

function* files(folder: string): Generator<string> {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.test(entry.name)) yield full;
  }
}

let raw = 0;
let br = 0;
let gz = 0;
for (const file of files(dir)) {
  const data = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gzip = zlib.gzipSync(data, { level: 9 });
  raw += data.length;
  if (brotli.length < data.length) fs.writeFileSync(`${file}.br`, brotli);
  if (gzip.length < data.length) fs.writeFileSync(`${file}.gz`, gzip);
  br += Math.min(brotli.length, data.length);
  gz += Math.min(gzip.length, data.length);
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`compressed ${path.relative(root, dir) || dir}: ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)}`);
