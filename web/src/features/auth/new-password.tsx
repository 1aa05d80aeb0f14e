import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { Field } from '../../ui/kit';

/** The two typings of a new password, and `agree`, said before anything is sent (false: told next to the second field). */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const agree = () => {
    setMismatch(password !== confirmation);
    return password === confirmation;
  };
  return { password, agree, typed: { password, confirmation, setPassword, setConfirmation, mismatch } };
}

/** A new password typed twice; the two are compared before anything is sent. */
export function NewPassword({
  password,
  confirmation,
  setPassword,
  setConfirmation,
  error,
  mismatch,
  label = 'Nouveau mot de passe',
  field = 'newPassword',
}: {
  password: string;
  confirmation: string;
  setPassword: (v: string) => void;
  setConfirmation: (v: string) => void;
  error: ApiError | null;
  mismatch: boolean;
  label?: string;
  field?: string;
}) {
  return (
    <>
      <Field
        label={label}
        name={field}
        type="password"
        autoComplete="new-password"
        required
        hint="10 caractères au moins ; évitez un mot de passe courant ou déjà utilisé ailleurs."
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error}
      />
      <Field
        label="Ressaisissez le mot de passe"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        message={mismatch ? 'Les deux saisies ne sont pas identiques.' : null}
      />
    </>
  );
}
