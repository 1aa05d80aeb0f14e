import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { Role, StaffAccountsQuery, UpdateStaffAccountDocument } from '../../../api/generated';
import { ROLE_LABELS } from '../../../ui/format';
import { Button, ErrorMessage, Field, Form, SelectField, Success } from '../../../ui/kit';
import { RoleOptions } from './role-options';

export type StaffAccount = StaffAccountsQuery['staffAccounts'][number];

const stateLabel = (a: StaffAccount) => (!a.active ? 'Désactivé' : a.emailVerified ? 'Activé' : 'Non activé');

/** One staff account of the « Agents » list: its edit form (name, role), deactivate and reactivate. */
export function StaffAccountRow({ account: a, self }: { account: StaffAccount; self: boolean }) {
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ firstName: a.firstName, lastName: a.lastName, role: a.role as Role });
  const [done, setDone] = useState<string | null>(null);
  const update = useMutation(UpdateStaffAccountDocument);
  const name = `${a.firstName} ${a.lastName}`;

  const save = async () => {
    setDone(null);
    const result = await update.mutate({ input: { accountId: a.id, firstName: form.firstName, lastName: form.lastName, role: form.role } });
    if (result) {
      setEditing(false);
      setDone(`Compte de ${result.updateStaffAccount.firstName} ${result.updateStaffAccount.lastName} enregistré.`);
    }
  };
  const setActive = async (active: boolean) => {
    setDone(null);
    const result = await update.mutate({ input: { accountId: a.id, active } });
    if (result) {
      setDone(active ? `Compte de ${name} réactivé : il peut de nouveau se connecter.` : `Compte de ${name} désactivé : il ne peut plus se connecter et ses sessions sont fermées.`);
    }
  };

  return (
    <>
      <tr>
        <th scope="row">
          {a.lastName} {a.firstName}
          {self ? ' (vous)' : null}
        </th>
        <td>{a.login}</td>
        <td>{a.email}</td>
        <td>{ROLE_LABELS[a.role]}</td>
        <td>{stateLabel(a)}</td>
        <td>
          <div className="actions">
            <Button kind="secondary" type="button" aria-expanded={editing} onClick={() => setEditing(!editing)} aria-label={`Modifier le compte de ${name}`}>
              Modifier
            </Button>
            {self ? null : a.active ? (
              <Button kind="danger" type="button" pending={update.pending} onClick={() => void setActive(false)} aria-label={`Désactiver le compte de ${name}`}>
                Désactiver
              </Button>
            ) : (
              <Button kind="secondary" type="button" pending={update.pending} onClick={() => void setActive(true)} aria-label={`Réactiver le compte de ${name}`}>
                Réactiver
              </Button>
            )}
          </div>
          {done ? <Success>{done}</Success> : null}
          {!editing ? <ErrorMessage error={update.error} /> : null}
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={6}>
            <Form onSubmit={() => void save()} error={update.error} fields={['firstName', 'lastName', 'role']} label={`Modifier le compte de ${name}`}>
              <div className="grid-2">
                <Field label="Prénom" name="firstName" required value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} error={update.error} />
                <Field label="Nom" name="lastName" required value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} error={update.error} />
                <SelectField label="Rôle" name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} error={update.error}>
                  <RoleOptions />
                </SelectField>
              </div>
              <div className="actions">
                <Button type="submit" pending={update.pending}>
                  Enregistrer
                </Button>
                <Button kind="secondary" type="button" onClick={() => setEditing(false)}>
                  Annuler
                </Button>
              </div>
            </Form>
          </td>
        </tr>
      ) : null}
    </>
  );
}
