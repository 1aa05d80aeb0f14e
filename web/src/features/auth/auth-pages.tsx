/** The sign-in pieces the back-office shares with the family portal. */
export { afterLogin, LogoutNotice, useLoginForm } from './login-page';
export { ActivationPage } from './activation-page';
