/**
 * SVG → PNG in Node with resvg (`@resvg/resvg-js`, a prebuilt native addon shipped in its npm
 * package). It is loaded on first use, not when kerasm is imported, so hosts that never write a
 * PNG (browsers, or platforms without a prebuilt binary) are unaffected.
 */
import { createRequire } from 'node:module';

type ResvgModule = typeof import('@resvg/resvg-js');

let resvg: ResvgModule | undefined;

/**
 * Renders an SVG document to PNG bytes (Node only), at `scale` × its size (default 2, for sharp
 * text). Text uses the system's fonts (DejaVu Sans, Helvetica or Arial when present).
 *
 * @example
 * ```ts
 * const png = svgToPng(plotHistory(history));
 * ```
 */
export function svgToPng(svg: string, options: { scale?: number } = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) {
    throw new Error(`svgToPng: \`scale\` must be in (0, 8]. Received: scale=${scale}`);
  }
  const { Resvg } = loadResvg();
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return new Uint8Array(rendered.asPng());
}

function loadResvg(): ResvgModule {
  if (!resvg) {
    try {
      resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
    } catch (error) {
      throw new Error(
        `Writing a PNG needs the package @resvg/resvg-js (Node only); install it, or write an .svg file instead. Received: ${(error as Error).message}`,
      );
    }
  }
  return resvg;
}
