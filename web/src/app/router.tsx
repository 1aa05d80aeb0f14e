import type { QueryClient } from '@tanstack/react-query';
import { ComponentType } from 'react';
import { createBrowserRouter, Outlet, RouteObject, useLocation, useParams, useRouteError } from 'react-router';
import { Navigate as RouterNavigate } from 'react-router';
import { withCommune } from '../api/commune';
import { ActivationPage } from '../features/auth/activation-page';
import { EmailConfirmationPage } from '../features/auth/email-confirmation-page';
import { ForgotPage } from '../features/auth/forgot-page';
import { LoginPage } from '../features/auth/login-page';
import { ResetPage } from '../features/auth/reset-page';
import { AccountPage } from '../features/account/account-page';
import { BillingPage } from '../features/billing/billing-pages';
import { InvoicePage } from '../features/billing/invoice-page';
import { PayPage } from '../features/billing/pay-page';
import { PaymentReturnPage } from '../features/billing/payment-return-page';
import { NewReservationPage } from '../features/booking/new-reservation';
import { ReservationPage } from '../features/booking/reservation-page';
import { ReservationsPage } from '../features/booking/reservations';
import { ChildFormPage } from '../features/children/child-form-page';
import { ChildrenPage } from '../features/children/children-page';
import { FamilyLayout, NotFound, StaffRefused } from '../features/family/family-layout';
import { HomePage } from '../features/home/home-page';
import { NewRegistrationPage } from '../features/registrations/new-registration-page';
import { RegistrationsPage } from '../features/registrations/registrations-page';
import { Loading } from '../ui/kit';
import { prefetchStateLabels } from '../ui/use-state-label';
import { RequireAccount } from './guards';

/**
 * Every address of the portal. The family portal and the back-office are two nested layouts under
 * one root that keeps the tab's commune (`domaine=`) in the address. The back-office's code is a
 * chunk of its own (`features/back-office/index.ts`), loaded on the first visit to `/agents`.
 */

/** The root: an address that lost the tab's commune gets it back (replaced, not a new history entry). */
function Root() {
  const location = useLocation();
  const here = location.pathname + location.search + location.hash;
  const wanted = withCommune(here);
  return wanted === here ? <Outlet /> : <RouterNavigate to={wanted} replace />;
}

/** Whatever went wrong while drawing a page: said in French, with a way out (never a blank page). */
function Crash() {
  const error = useRouteError();
  console.error(error);
  return (
    <main id="contenu" className="panel narrow">
      <h1 tabIndex={-1}>Une erreur est survenue</h1>
      <p>La page n’a pas pu s’afficher. Rechargez-la ; si l’erreur persiste, contactez votre mairie.</p>
      <p>
        <a href={withCommune('/')}>Revenir à l’accueil</a>
      </p>
    </main>
  );
}

/** A page named by its id in the address (`/enfants/:id`): drawn anew for another id. */
function byId(Page: ComponentType<{ id: string }>): ComponentType {
  return function PageOfId() {
    const { id = '' } = useParams();
    return <Page key={id} id={id} />;
  };
}

const backOffice = () => import('../features/back-office');
const lazyPage = (pick: (m: Awaited<ReturnType<typeof backOffice>>) => ComponentType) => async () => ({ Component: pick(await backOffice()) });

const familyOnly = () => <RequireAccount loginPath="/connexion" allowed={() => true} refusal={(a) => (a.role !== 'FAMILY' ? <StaffRefused /> : null)} />;

const routes = (client: QueryClient): RouteObject[] => [
  {
    Component: Root,
    // The states' words, before the first screen that shows a state.
    loader: () => prefetchStateLabels(client),
    ErrorBoundary: Crash,
    HydrateFallback: Loading,
    children: [
      {
        path: '/agents',
        lazy: lazyPage((m) => m.AgentsLayout),
        children: [
          { path: 'connexion', lazy: lazyPage((m) => m.AgentLoginPage) },
          { path: 'activation', lazy: lazyPage((m) => m.StaffActivationPage) },
          {
            lazy: lazyPage((m) => m.RequireStaff),
            children: [
              { index: true, lazy: lazyPage((m) => m.DashboardPage) },
              { path: 'familles', lazy: lazyPage((m) => m.FamiliesPage) },
              { path: 'familles/nouvelle', lazy: lazyPage((m) => m.NewFamilyPage) },
              { path: 'familles/:id', lazy: lazyPage((m) => byId(m.FamilyFilePage)) },
              { path: 'inscriptions', lazy: lazyPage((m) => m.RegistrationsToDecidePage) },
              { path: 'reservations', lazy: lazyPage((m) => m.ReservationsToDecidePage) },
              { path: 'reservations/:id', lazy: lazyPage((m) => byId(m.ReservationDecisionPage)) },
              { path: 'activites', lazy: lazyPage((m) => m.ActivitiesPage) },
              { path: 'activites/nouvelle', lazy: lazyPage((m) => m.ActivityFormPage) },
              { path: 'activites/:id', lazy: lazyPage((m) => byId(m.ActivityFormPage)) },
              { path: 'effectifs', lazy: lazyPage((m) => m.HeadcountPage) },
              { path: 'facturation', lazy: lazyPage((m) => m.BillingPage) },
              { path: 'paiements', lazy: lazyPage((m) => m.PaymentsPage) },
              { path: 'tresor-public', lazy: lazyPage((m) => m.TreasuryPage) },
              { path: 'prelevements', lazy: lazyPage((m) => m.DirectDebitPage) },
            ],
          },
          {
            lazy: lazyPage((m) => m.RequireAdmin),
            children: [
              { path: 'agents', lazy: lazyPage((m) => m.StaffPage) },
              { path: 'regie', lazy: lazyPage((m) => m.RegiePage) },
            ],
          },
          { path: '*', lazy: lazyPage((m) => m.AgentsNotFound) },
        ],
      },
      {
        path: '/',
        Component: FamilyLayout,
        children: [
          { path: 'connexion', Component: LoginPage },
          { path: 'mot-de-passe-oublie', Component: ForgotPage },
          { path: 'reinitialisation', Component: ResetPage },
          { path: 'activation', Component: ActivationPage },
          { path: 'confirmation-email', Component: EmailConfirmationPage },
          {
            Component: familyOnly,
            children: [
              { index: true, Component: HomePage },
              { path: 'mon-compte', Component: AccountPage },
              { path: 'enfants', Component: ChildrenPage },
              { path: 'enfants/nouveau', Component: ChildFormPage },
              { path: 'enfants/:id', Component: byId(ChildFormPage) },
              { path: 'inscriptions', Component: RegistrationsPage },
              { path: 'inscriptions/nouvelle', Component: NewRegistrationPage },
              { path: 'reservations', Component: ReservationsPage },
              { path: 'reservations/nouvelle', Component: NewReservationPage },
              { path: 'reservations/:id', Component: byId(ReservationPage) },
              { path: 'factures', Component: BillingPage },
              { path: 'factures/payer', Component: PayPage },
              { path: 'factures/paiement', Component: PaymentReturnPage },
              { path: 'factures/:id', Component: byId(InvoicePage) },
            ],
          },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
];

export const createRouter = (client: QueryClient) => createBrowserRouter(routes(client));
