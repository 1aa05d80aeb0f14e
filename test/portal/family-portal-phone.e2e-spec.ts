import { familyJourney } from './family-journey';

// The guide on a phone (360 px wide).
familyJourney(360);
