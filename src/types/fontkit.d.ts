/** fontkit (PDFKit's font engine) ships no types: the one call we make, to ask what a font covers. */
declare module 'fontkit' {
  export function openSync(path: string): { hasGlyphForCodePoint(codePoint: number): boolean };
}
