/** `Marie-Hélène`, `D'Artagnan` → `marie-helene.dartagnan`: what staff would type for a family. */
export function loginBase(firstName: string, lastName: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '')
      .replace(/^-+|-+$/g, '');
  const base = [clean(firstName), clean(lastName)].filter(Boolean).join('.');
  // Names with few Latin letters (`Мария Li` → `li`) still give a valid identifier (3 characters at least).
  return (base.length >= 3 ? base : ['famille', base].filter(Boolean).join('.')).slice(0, 80);
}

/** A login identifier: 3 to 100 characters among letters, digits and `. _ - @`. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._@-]{2,99}$/;

export const normalizeLogin = (login: string) => login.trim().toLowerCase();
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
