/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A coordinate rounded to 0.01 px: plenty for a picture, and short SVG text. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}
