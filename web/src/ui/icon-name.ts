/** The icons of the kit (`icons.tsx`): a state's look names one. */
export type IconName = 'check' | 'cross' | 'question' | 'exclamation' | 'clock' | 'plus' | 'minus' | 'lock' | 'eye' | 'download' | 'info';
