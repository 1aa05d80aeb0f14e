/** The back-office, a chunk of its own: a family's first screen never downloads it (see app/router.tsx). */
export { AgentsLayout } from './layout/agents-layout';
export { RequireAdmin, RequireStaff } from './layout/guards';
export { AgentsNotFound } from './layout/not-found';
export { AgentLoginPage } from './layout/login-page';
export { DashboardPage } from './dashboard/dashboard-page';
export { FamiliesPage } from './families/families-page';
export { NewFamilyPage } from './families/new-family-page';
export { FamilyFilePage } from './families/family-file-page';
export { RegistrationsToDecidePage } from './decisions/registrations-page';
export { ReservationsToDecidePage } from './decisions/reservations-page';
export { ReservationDecisionPage } from './decisions/reservation-decision-page';
export { ActivitiesPage } from './activities/activities-page';
export { ActivityFormPage } from './activities/activity-form-page';
export { HeadcountPage } from './headcount/headcount-page';
export { BillingPage } from './billing/billing-page';
export { PaymentsPage } from './payments/payments-page';
export { StaffPage } from './staff/staff-page';
export { StaffActivationPage } from './staff/staff-activation-page';
