import { familyJourney } from './family-journey';

// The guide on a desktop screen (1280 px wide).
familyJourney(1280);
