import type { FamilyFileQuery } from '../../../api/generated';

/** A family's file as the back-office reads it: what each panel of « Fiche famille » is drawn from. */
export type FileData = FamilyFileQuery;
