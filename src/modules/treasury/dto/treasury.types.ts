import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Allow } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { PageType } from '../../../common/graphql/pagination';

@ObjectType('TreasuryExport', { description: 'Un export des titres au Trésor Public (fichier PES V2 « PES_Aller »).' })
export class TreasuryExportType {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Numéro d’export dans la commune, sans trou.' }) number: number;
  @Field() createdAt: Date;
  @Field(() => DateScalarType, { description: 'Les factures émises jusqu’à ce jour inclus.' }) upTo: string;
  @Field(() => Int, { description: 'Factures transmises (titres).' }) invoiceCount: number;
  @Field(() => Int, { description: 'Avoirs transmis (réductions de titres déjà transmis).' }) creditNoteCount: number;
  @Field(() => Int, { description: 'Montant des titres moins celui des réductions, en centimes.' }) amountCents: number;
  @Field() fileName: string;
}

export const TreasuryExportPageType = PageType(TreasuryExportType, 'TreasuryExportPage');

@InputType()
export class ExportToTreasuryInput {
  @Field(() => DateScalarType, { description: 'Exporter les factures émises jusqu’à ce jour inclus.' }) @Allow() upTo: string;
}
