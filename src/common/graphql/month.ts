import { Matches } from 'class-validator';

/** « 2026-11 »: a month as every input and filter takes it. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const INVALID_MONTH = 'Mois invalide : attendu AAAA-MM (par exemple 2026-11).';

/** The validation of a month argument or input field, with its French message. */
export const IsMonth = () => Matches(MONTH_PATTERN, { message: INVALID_MONTH });
