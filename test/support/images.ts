import { PNG } from 'pngjs';

/** A small PNG with a coloured band across its middle, so a preview on screen is visibly that picture. */
export function bandedImage(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    const y = Math.floor(i / 4 / width);
    const band = y > height / 3 && y < (2 * height) / 3;
    png.data[i] = band ? rgb[0] : 245;
    png.data[i + 1] = band ? rgb[1] : 245;
    png.data[i + 2] = band ? rgb[2] : 240;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}
