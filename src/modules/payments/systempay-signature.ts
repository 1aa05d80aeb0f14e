import { createHmac, timingSafeEqual } from 'node:crypto';

/** A form's fields as the bank reads or posts them (`vads_*`, `signature`, and anything else). */
export type FormFields = Record<string, string>;

/**
 * Systempay's form signature (SPEC §2): the values of every `vads_*` field, sorted by field name,
 * joined with `+`, then `+` and the key; HMAC-SHA-256 of that with the key; Base64.
 */
export function systempaySignature(fields: FormFields, key: string): string {
  const values = Object.keys(fields)
    .filter((name) => name.startsWith('vads_'))
    .sort()
    .map((name) => fields[name]);
  return createHmac('sha256', key)
    .update([...values, key].join('+'), 'utf8')
    .digest('base64');
}

/** Whether the form carries the right signature, compared in constant time (a missing one is wrong). */
export function hasValidSignature(fields: FormFields, key: string): boolean {
  const given = fields.signature;
  if (typeof given !== 'string' || !given) return false;
  const expected = Buffer.from(systempaySignature(fields, key), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
