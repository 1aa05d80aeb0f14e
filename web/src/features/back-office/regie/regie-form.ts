import type { OnlinePaymentProvider, PaymentSettingsFieldsFragment, ProviderMode, UpdatePaymentSettingsInput } from '../../../api/generated';

/** The « Régie » form as typed: the key and the IBAN start empty (never shown back; left empty, kept). */
export interface RegieForm {
  onlineProvider: OnlinePaymentProvider;
  mode: ProviderMode;
  systempaySiteId: string;
  systempayKey: string;
  payfipClientNumber: string;
  sepaCreditorId: string;
  sepaCreditorName: string;
  sepaIban: string;
  sepaBic: string;
  heliosIdPost: string;
  heliosIdColl: string;
  heliosCodCol: string;
  heliosCodBud: string;
  heliosCodProdLoc: string;
  heliosNature: string;
}

export const TEXT_FIELDS = [
  'systempaySiteId',
  'systempayKey',
  'payfipClientNumber',
  'sepaCreditorId',
  'sepaCreditorName',
  'sepaIban',
  'sepaBic',
  'heliosIdPost',
  'heliosIdColl',
  'heliosCodCol',
  'heliosCodBud',
  'heliosCodProdLoc',
  'heliosNature',
] as const;

export const FIELD_NAMES = ['onlineProvider', 'mode', ...TEXT_FIELDS];

export function formOf(s: PaymentSettingsFieldsFragment): RegieForm {
  return {
    onlineProvider: s.onlineProvider,
    mode: s.mode,
    systempaySiteId: s.systempaySiteId ?? '',
    systempayKey: '',
    payfipClientNumber: s.payfipClientNumber ?? '',
    sepaCreditorId: s.sepaCreditorId ?? '',
    sepaCreditorName: s.sepaCreditorName ?? '',
    sepaIban: '',
    sepaBic: s.sepaBic ?? '',
    heliosIdPost: s.heliosIdPost ?? '',
    heliosIdColl: s.heliosIdColl ?? '',
    heliosCodCol: s.heliosCodCol ?? '',
    heliosCodBud: s.heliosCodBud ?? '',
    heliosCodProdLoc: s.heliosCodProdLoc ?? '',
    heliosNature: s.heliosNature ?? '',
  };
}

/** What is sent: an empty key or IBAN is left out (the stored one is kept). */
export function inputOf(form: RegieForm): UpdatePaymentSettingsInput {
  const { systempayKey, sepaIban, ...rest } = form;
  return { ...rest, ...(systempayKey.trim() ? { systempayKey } : {}), ...(sepaIban.trim() ? { sepaIban } : {}) };
}
