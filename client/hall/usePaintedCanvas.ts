import { useEffect, useMemo, type DependencyList } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
import { keepDrawing } from './framePacer.ts';
import { paint, unpaint } from './paintedTexts.ts';

/** Writes `s` as `fillText` does, and notes it among the painting's texts (what the debug probe reads). */
export type WriteText = (s: string, x: number, y: number, maxWidth?: number) => void;

/**
 * A board's face: a canvas of `width`×`height` pixels as a texture, painted by `draw` (its words through
 * `text`, recorded under `painting`) and painted again only when one of `repaintOn` changes — what the board
 * shows, and the language — not on every render. The texture and its texts go with the board.
 */
export function usePaintedCanvas(
  painting: string,
  width: number,
  height: number,
  draw: (g: CanvasRenderingContext2D, text: WriteText) => void,
  repaintOn: DependencyList,
): CanvasTexture {
  const { canvas, map } = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const map = new CanvasTexture(canvas);
    map.colorSpace = SRGBColorSpace;
    map.anisotropy = 4;
    return { canvas, map };
  }, [width, height]);
  useEffect(() => {
    const g = canvas.getContext('2d')!;
    const drawn: string[] = [];
    draw(g, (s, x, y, maxWidth) => {
      drawn.push(s);
      g.fillText(s, x, y, maxWidth);
    });
    paint(painting, drawn);
    map.needsUpdate = true;
    keepDrawing();
    // `draw` is a new closure every render; what it shows is in `repaintOn`, which the caller keeps short.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canvas, map, painting, ...repaintOn]);
  useEffect(
    () => () => {
      map.dispose();
      unpaint(painting);
    },
    [map, painting],
  );
  return map;
}
