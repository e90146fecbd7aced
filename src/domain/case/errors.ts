/** A refusal: a stable code for programs and a plain-English message for people. */
export interface DomainError {
  code: string;
  /** says why the command was refused and what to do instead */
  message: string;
}

export function refuse(code: string, message: string): { ok: false; error: DomainError } {
  return { ok: false, error: { code, message } };
}
