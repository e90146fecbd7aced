/** Finding the line of a field in a parsed YAML document, for error messages. */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { PolicyPath } from '../domain/policy/path.js';

function lineOfNode(node: Node | null | undefined, lines: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * The line of the field at `path`: the line of its key when it sits in a map (so an unknown
 * or wrong key points at itself), else of its value; for a field absent from the file, the
 * line of the nearest ancestor that is present (a missing key points at its parent).
 */
export function lineOf(doc: Document, lines: LineCounter, path: PolicyPath): number | undefined {
  let node: unknown = doc.contents;
  let line = lineOfNode(doc.contents, lines);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      line = lineOfNode(pair.key as Node, lines) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      line = lineOfNode(item, lines) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}
