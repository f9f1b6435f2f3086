import { ValueError } from '../errors';
import { hostFiles } from '../hosts/host';
import { svgToPng } from './svg_to_png';

/** Writes a figure to `file`, atomically: the SVG text for `.svg`, a rendered image for `.png` (Node). */
export function saveFigure(svg: string, file: string, caller: string): void {
  const lower = typeof file === 'string' ? file.toLowerCase() : '';
  if (!lower.endsWith('.svg') && !lower.endsWith('.png')) {
    throw new ValueError(`${caller}: \`file\` must end in .svg or .png. Received: file=${String(file)}`);
  }
  const files = hostFiles(`${caller}({ file })`, `leave out \`file\` and use the SVG text ${caller} returns`);
  files.writeBytes(file, lower.endsWith('.svg') ? svg : svgToPng(svg), 'the figure');
}
