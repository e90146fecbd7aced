/**
 * Remembers a pure function's answers by its string argument, up to `max` of them (then starts
 * again). For the date wording shown on every read: formatting a time in Europe/London with
 * luxon costs tens of microseconds, and the same few due times are shown again and again.
 */
export function memoize<T>(fn: (key: string) => T, max = 10_000): (key: string) => T {
  const answers = new Map<string, T>();
  return (key: string) => {
    const known = answers.get(key);
    if (known !== undefined) return known;
    const answer = fn(key);
    if (answers.size >= max) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}
