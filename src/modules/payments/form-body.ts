import { FormFields } from './systempay-signature';

/** A form-encoded body as flat string fields; anything else (arrays, nested objects) is dropped. */
export function formFields(body: unknown): FormFields {
  const fields: FormFields = {};
  if (!body || typeof body !== 'object') return fields;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
