import { renderPanel, type ChartPanel } from './line_chart';
import { escapeXml, px } from './svg_text';

const PANEL_WIDTH = 520;
const PANEL_HEIGHT = 380;
const TITLE_HEIGHT = 36;

/** A complete SVG document with the panels side by side and an optional overall title. */
export function renderFigure(panels: ChartPanel[], title?: string): string {
  const top = title ? TITLE_HEIGHT : 0;
  const width = PANEL_WIDTH * panels.length;
  const height = PANEL_HEIGHT + top;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="#222222">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (title) parts.push(`<text class="figure-title" x="${px(width / 2)}" y="26" text-anchor="middle" font-size="17" font-weight="bold">${escapeXml(title)}</text>`);
  panels.forEach((panel, i) => parts.push(renderPanel(panel, i * PANEL_WIDTH, top, PANEL_WIDTH, PANEL_HEIGHT)));
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
