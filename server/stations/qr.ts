import { renderSVG, type QrCodeGenerateOptions } from 'uqr';

/**
 * How a station's link is drawn as a QR code: error correction M (a poster may fade or be scratched a
 * little, and the code stays small enough for a phone at arm's length) and the standard four-module quiet
 * zone, which a scanner needs around the code to find it.
 */
export const STATION_QR_OPTIONS: QrCodeGenerateOptions = { ecc: 'M', border: 4 };

/** A station's link as an SVG QR code, black on white, with its link as the image's title. */
export function stationQrSvg(link: string): string {
  const svg = renderSVG(link, { ...STATION_QR_OPTIONS, pixelSize: 10 });
  const title = link.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  // Crisp edges: the modules print as sharp squares, not as blurred ones a scanner misreads.
  return svg.replace(/^<svg([^>]*)>/, `<svg$1 shape-rendering="crispEdges"><title>${title}</title>`);
}
