import { ActivationPage } from '../../auth/auth-pages';

/** A staff account's activation (the link of the staff invitation mail). */
export function StaffActivationPage() {
  return <ActivationPage staff />;
}
