/**
 * SVG → PNG for the Node host, with resvg (`@resvg/resvg-js`, a prebuilt native addon shipped in
 * its npm package). It is loaded on first use, not when kerasm is imported, so a process that
 * never writes a PNG (or a platform without a prebuilt binary) is unaffected.
 */
import { createRequire } from 'node:module';
import { ValueError } from '../../errors';

type ResvgModule = typeof import('@resvg/resvg-js');

let resvg: ResvgModule | undefined;

/** PNG bytes of `svg` at `scale` × its size. Text uses the system's fonts (DejaVu Sans, Helvetica or Arial when present). */
export function renderPng(svg: string, scale: number): Uint8Array {
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
      throw new ValueError(
        `Writing a PNG needs the package @resvg/resvg-js (Node only); install it, or write an .svg file instead. Received: ${(error as Error).message}`, 'NO_PNG_RENDERER',
      );
    }
  }
  return resvg;
}
