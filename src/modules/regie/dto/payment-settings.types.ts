import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';

export enum OnlinePaymentProviderEnum {
  NONE = 'NONE',
  SYSTEMPAY = 'SYSTEMPAY',
  PAYFIP = 'PAYFIP',
}
export enum ProviderModeEnum {
  TEST = 'TEST',
  PRODUCTION = 'PRODUCTION',
}
registerEnumType(OnlinePaymentProviderEnum, { name: 'OnlinePaymentProvider', description: 'Le paiement en ligne de la commune : aucun, Systempay (sa banque) ou PayFiP (la DGFiP).' });
registerEnumType(ProviderModeEnum, { name: 'ProviderMode', description: 'TEST : essais, aucun argent ne circule ; PRODUCTION : les vrais paiements.' });

const MAX = (n: number) => ({ message: `${n} caractères au plus.` });
const INVALID = (what: string) => ({ message: `${what} invalide.` });

/** A text the ADMIN may leave out (or blank, to clear it). */
function optionalText(max: number) {
  return (target: object, key: string) => {
    Field(() => String, { nullable: true })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max, MAX(max))(target, key);
  };
}

@InputType({
  description:
    'Les réglages de la régie : les champs laissés de côté ou vides sont effacés, sauf la clé Systempay et l’IBAN, jamais renvoyés : laissés de côté, ceux enregistrés sont gardés (un IBAN vide l’efface).',
})
export class UpdatePaymentSettingsInput {
  @Field(() => OnlinePaymentProviderEnum)
  @IsEnum(OnlinePaymentProviderEnum, INVALID('Moyen de paiement en ligne'))
  onlineProvider: OnlinePaymentProviderEnum;
  @Field(() => ProviderModeEnum)
  @IsEnum(ProviderModeEnum, INVALID('Mode'))
  mode: ProviderModeEnum;
  @optionalText(40) systempaySiteId?: string | null;
  @optionalText(200) systempayKey?: string | null;
  @optionalText(40) payfipClientNumber?: string | null;
  @optionalText(60) sepaCreditorId?: string | null;
  @optionalText(200) sepaCreditorName?: string | null;
  @optionalText(60) sepaIban?: string | null;
  @optionalText(40) sepaBic?: string | null;
  @optionalText(40) heliosIdPost?: string | null;
  @optionalText(40) heliosIdColl?: string | null;
  @optionalText(40) heliosCodCol?: string | null;
  @optionalText(40) heliosCodBud?: string | null;
  @optionalText(40) heliosCodProdLoc?: string | null;
  @optionalText(40) heliosNature?: string | null;
}

@ObjectType('PaymentSettings', { description: 'La régie de la commune. Les secrets ne sont jamais renvoyés : la clé Systempay est « enregistrée » ou non, l’IBAN est masqué.' })
export class PaymentSettingsType {
  @Field(() => OnlinePaymentProviderEnum) onlineProvider: OnlinePaymentProviderEnum;
  @Field(() => ProviderModeEnum) mode: ProviderModeEnum;
  @Field(() => String, { nullable: true }) systempaySiteId: string | null;
  @Field({ description: '« Clé enregistrée » : la commune a une clé Systempay à elle (jamais renvoyée).' }) systempayKeySet: boolean;
  @Field(() => String, { nullable: true }) payfipClientNumber: string | null;
  @Field(() => String, { nullable: true }) sepaCreditorId: string | null;
  @Field(() => String, { nullable: true }) sepaCreditorName: string | null;
  @Field(() => String, { nullable: true, description: 'FR76 •••• •••• •••• •••• •••• 189' }) sepaIbanMasked: string | null;
  @Field(() => String, { nullable: true }) sepaBic: string | null;
  @Field(() => String, { nullable: true }) heliosIdPost: string | null;
  @Field(() => String, { nullable: true }) heliosIdColl: string | null;
  @Field(() => String, { nullable: true }) heliosCodCol: string | null;
  @Field(() => String, { nullable: true }) heliosCodBud: string | null;
  @Field(() => String, { nullable: true }) heliosCodProdLoc: string | null;
  @Field(() => String, { nullable: true }) heliosNature: string | null;
  @Field({ description: 'Vrai tant que la commune n’a rien enregistré : les réglages du serveur (SYSTEMPAY_*) s’appliquent.' }) usesDeploymentDefaults: boolean;
}
