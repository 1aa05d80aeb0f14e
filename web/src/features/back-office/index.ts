/** The back-office, a chunk of its own: a family's first screen never downloads it (see app/router.tsx). */
export { AgentsLayout, AgentsNotFound, RequireAdmin, RequireStaff } from './layout';
export { AgentLoginPage } from './login';
export { DashboardPage } from './dashboard';
export { FamiliesPage, FamilyFilePage, NewFamilyPage } from './families';
export { RegistrationsToDecidePage, ReservationsToDecidePage, ReservationDecisionPage } from './decisions';
export { ActivitiesPage, ActivityFormPage } from './activities';
export { HeadcountPage } from './headcount';
export { BillingPage } from './billing';
export { PaymentsPage } from './payments';
export { StaffPage } from './staff';
export { StaffActivationPage } from './staff-activation';
