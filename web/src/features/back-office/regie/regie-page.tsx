import { useState } from 'react';
import { useMutation, useQuery } from '../../../api/query';
import { OnlinePaymentProvider, PaymentSettingsDocument, PaymentSettingsFieldsFragment, ProviderMode, UpdatePaymentSettingsDocument } from '../../../api/generated';
import { usePageTitle } from '../../../app/navigation';
import { Button, ErrorMessage, Field, Form, Loading, SelectField, Success } from '../../../ui/kit';
import { FIELD_NAMES, formOf, inputOf, RegieForm } from './regie-form';

const PROVIDERS: Record<OnlinePaymentProvider, string> = { NONE: 'Pas de paiement en ligne', SYSTEMPAY: 'Systempay (carte bancaire, banque de la commune)', PAYFIP: 'PayFiP (DGFiP)' };
const MODES: Record<ProviderMode, string> = { TEST: 'Test (aucun argent ne circule)', PRODUCTION: 'Production' };

/** « Régie » (ADMIN): how the commune's families pay online, its SEPA creditor identity, its Hélios identifiers. */
export function RegiePage() {
  usePageTitle('Régie');
  const settings = useQuery(PaymentSettingsDocument);
  return (
    <>
      <h1 tabIndex={-1}>Régie</h1>
      {settings.loading && !settings.data ? <Loading /> : null}
      <ErrorMessage error={settings.error} />
      {settings.data ? <RegieSettingsForm settings={settings.data.paymentSettings} /> : null}
    </>
  );
}

function RegieSettingsForm({ settings }: { settings: PaymentSettingsFieldsFragment }) {
  const [form, setForm] = useState<RegieForm>(() => formOf(settings));
  // The settings as the server holds them, each time they come (first load, after saving).
  const [filledFrom, setFilledFrom] = useState(settings);
  if (settings !== filledFrom) {
    setFilledFrom(settings);
    setForm(formOf(settings));
  }
  const [saved, setSaved] = useState(false);
  const update = useMutation(UpdatePaymentSettingsDocument);
  const error = update.error;
  const set = (k: keyof RegieForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = async () => {
    setSaved(false);
    if (await update.mutate({ input: inputOf(form) })) setSaved(true);
  };
  const text = (label: string, name: keyof RegieForm, hint?: string) => <Field label={label} name={name} hint={hint} value={form[name]} onChange={set(name)} error={error} autoComplete="off" />;
  return (
    <Form onSubmit={submit} error={error} fields={FIELD_NAMES} label="Réglages de la régie">
      {saved ? <Success>Les réglages de la régie sont enregistrés.</Success> : null}
      {settings.usesDeploymentDefaults ? <p className="alert alert-info">La commune n’a pas encore enregistré sa régie : les réglages du serveur (variables SYSTEMPAY_*) s’appliquent.</p> : null}
      <section className="panel" aria-labelledby="paiement-en-ligne">
        <h2 id="paiement-en-ligne">Paiement en ligne</h2>
        <div className="grid-2">
          <SelectField label="Moyen de paiement en ligne" name="onlineProvider" value={form.onlineProvider} onChange={set('onlineProvider')} error={error}>
            {Object.entries(PROVIDERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Mode" name="mode" value={form.mode} onChange={set('mode')} error={error}>
            {Object.entries(MODES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          {text('Identifiant de boutique Systempay', 'systempaySiteId', '8 chiffres')}
          <Field
            label="Clé Systempay"
            name="systempayKey"
            type="password"
            autoComplete="new-password"
            hint={settings.systempayKeySet ? 'Clé enregistrée : laissez vide pour la garder.' : 'Aucune clé enregistrée.'}
            value={form.systempayKey}
            onChange={set('systempayKey')}
            error={error}
          />
          {text('Numéro client PayFiP', 'payfipClientNumber', '6 chiffres, donnés par la DGFiP')}
        </div>
      </section>
      <section className="panel" aria-labelledby="prelevement">
        <h2 id="prelevement">Créancier SEPA (prélèvement)</h2>
        <div className="grid-2">
          {text('Identifiant créancier SEPA (ICS)', 'sepaCreditorId', 'ex. FR72ZZZ123456')}
          {text('Nom du créancier', 'sepaCreditorName')}
          <Field
            label="IBAN de la régie"
            name="sepaIban"
            hint={settings.sepaIbanMasked ? `IBAN enregistré : ${settings.sepaIbanMasked} — laissez vide pour le garder.` : 'Aucun IBAN enregistré.'}
            value={form.sepaIban}
            onChange={set('sepaIban')}
            error={error}
            autoComplete="off"
          />
          {text('BIC', 'sepaBic', '8 ou 11 caractères')}
        </div>
      </section>
      <section className="panel" aria-labelledby="helios">
        <h2 id="helios">Trésor Public (Hélios)</h2>
        <div className="grid-3">
          {text('IdPost (poste comptable)', 'heliosIdPost', '6 ou 7 chiffres')}
          {text('IdColl (SIRET du budget)', 'heliosIdColl', '14 chiffres')}
          {text('CodCol (code collectivité)', 'heliosCodCol', '3 chiffres')}
          {text('CodBud (code budget)', 'heliosCodBud', '2 caractères')}
          {text('CodProdLoc (produit local)', 'heliosCodProdLoc', '1 à 4 caractères')}
          {text('Nature (compte)', 'heliosNature', 'ex. 7067')}
        </div>
      </section>
      <div className="actions">
        <Button type="submit" pending={update.pending}>
          Enregistrer
        </Button>
      </div>
    </Form>
  );
}
