import type { Diet } from '../../../api/generated';

export const DIET_LABELS: Record<Diet, string> = { STANDARD: 'Standard', NO_PORK: 'Sans porc', VEGETARIAN: 'Végétarien', NO_MEAT: 'Sans viande' };
export const DIETS = Object.keys(DIET_LABELS) as Diet[];
