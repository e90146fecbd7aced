/** A field's place in a policy, as keys and array indexes, e.g. ['stages', 2, 'timescale']. */
export type PolicyPath = readonly PropertyKey[];

/** `['stages', 2, 'timescale', 'workingDays']` -> `"stages[2].timescale.workingDays"`; root -> `""`. */
export function formatPath(path: PolicyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
