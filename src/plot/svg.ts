/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number rounded for SVG coordinates (two decimals are below a pixel's hundredth). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Font stack used by every nnlab picture (DejaVu Sans is what PNG rendering finds on Linux). */
export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';
