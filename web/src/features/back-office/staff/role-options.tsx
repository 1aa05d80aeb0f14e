import { ROLE_LABELS } from '../../../ui/format';

/** The two roles of a staff account, for a « Rôle » list. */
export function RoleOptions() {
  return (
    <>
      <option value="STAFF">{ROLE_LABELS.STAFF}</option>
      <option value="ADMIN">{ROLE_LABELS.ADMIN}</option>
    </>
  );
}
