import { hostPngRenderer } from '../hosts/host';
import { ValueError } from '../errors';

/**
 * Renders an SVG document to PNG bytes (Node), at `scale` × its size (default 2, for sharp
 * text). Text uses the system's fonts (DejaVu Sans, Helvetica or Arial when present). Hosts
 * without a renderer (browsers) throw, saying to use the SVG itself.
 *
 * @example
 * ```ts
 * const png = svgToPng(plotHistory(history));
 * ```
 */
export function svgToPng(svg: string, options: { scale?: number } = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) {
    throw new ValueError(`svgToPng: \`scale\` must be in (0, 8]. Received: scale=${scale}`);
  }
  return hostPngRenderer('svgToPng')(svg, scale);
}
