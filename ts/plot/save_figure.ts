import { writeFileContents } from '../io/node_files';
import { svgToPng } from './render_png';

/** Writes a figure to `file`: the SVG text for `.svg`, a rendered image for `.png` (Node). */
export function saveFigure(svg: string, file: string, caller: string): void {
  const lower = typeof file === 'string' ? file.toLowerCase() : '';
  if (lower.endsWith('.svg')) writeFileContents(file, svg);
  else if (lower.endsWith('.png')) writeFileContents(file, svgToPng(svg));
  else {
    throw new Error(`${caller}: \`file\` must end in .svg or .png. Received: file=${String(file)}`);
  }
}
