import type { Diet } from '../../api/generated';

/** The diets as the family reads them. */
export const DIETS: Record<Diet, string> = {
  STANDARD: 'Standard',
  NO_PORK: 'Sans porc',
  VEGETARIAN: 'Végétarien',
  NO_MEAT: 'Sans viande',
};
