/** A problem with a policy file, pointing at the field (and line) to fix. */
export interface PolicyError {
  /** the field, e.g. "stages[2].timescale.workingDays"; "" for the file as a whole */
  path: string;
  /** 1-based line in the YAML file, when known */
  line?: number;
  message: string;
  /** the file, when parsing was given its name */
  file?: string;
}

/** One line per error: `file:line: path: message`, leaving out the parts that are unknown. */
export function formatPolicyError(error: PolicyError): string {
  const place = [error.file, error.line].filter((part) => part !== undefined).join(':');
  return [place, error.path, error.message].filter((part) => part !== '').join(': ');
}

/** Thrown when a policy that must be valid (a preset) is not; carries every error. */
export class PolicyInvalidError extends Error {
  constructor(
    readonly errors: PolicyError[],
    what: string,
  ) {
    super(`${what} is not a valid policy:\n${errors.map(formatPolicyError).join('\n')}`);
    this.name = 'PolicyInvalidError';
  }
}
