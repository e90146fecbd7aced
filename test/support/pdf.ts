/** The text of a PDF (the case record for the child's file), its whitespace collapsed to spaces. */
import { extractText, getDocumentProxy } from 'unpdf';

export async function pdfWords(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, ' ');
}
