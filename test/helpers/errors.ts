import { GqlResult } from './test-app';

/** A French sentence for people: not empty, not one of the framework's English defaults. */
export function expectFrenchMessage(message: string | undefined): void {
  expect(typeof message).toBe('string');
  expect(message!.trim().length).toBeGreaterThan(5);
  expect(message).not.toMatch(/^(Unauthorized|Forbidden|Not Found|Bad Request|Internal server error|Too Many Requests|Unexpected error)/i);
  expect(message).toMatch(/[àâçéèêëîïôûùüœ«»]|\b(le|la|les|de|du|des|un|une|ou|et|est|votre|vous|ce|cette|introuvable|inconnue?|invalide|incorrect|requête|trop)\b/i);
}

/**
 * The (first) error of a refused operation: its code, its reason when given, a French message, and
 * no data for it. Returns the error for further checks.
 */
export function expectError(res: GqlResult, code: string, reason?: string) {
  if (!res.errors?.length) throw new Error(`expected ${code}${reason ? `/${reason}` : ''}, got data ${JSON.stringify(res.data)}`);
  const err = res.errors[0];
  expect({ code: err.extensions?.code, ...(reason ? { reason: err.extensions?.reason } : {}) }).toEqual({ code, ...(reason ? { reason } : {}) });
  expectFrenchMessage(err.message);
  // A refused operation yields nothing: no data at all, or a null result for its field.
  if (res.data) for (const v of Object.values(res.data)) expect(v).toBeNull();
  return err;
}

/** Like expectError, for a document with one operation: exactly one error. */
export function expectSingleError(res: GqlResult, code: string, reason?: string) {
  if (res.errors) expect(res.errors).toHaveLength(1);
  return expectError(res, code, reason);
}
