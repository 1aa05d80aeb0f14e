import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { enumOf } from '../../../common/graphql/enum-of';
import { TOKEN_PURPOSES, TokenPurpose } from '../account-token.entity';

/** What a mail's link is for: the page that opens it says which. */
export const LinkPurposeEnum = enumOf(TOKEN_PURPOSES);
registerEnumType(LinkPurposeEnum, {
  name: 'LinkPurpose',
  description: 'ACTIVATION : « Activer mon compte » ; PASSWORD_RESET : nouveau mot de passe ; EMAIL_CHANGE : confirmation de la nouvelle adresse.',
});

/** A link's state, and nothing else about it (not whose it is). */
export const LINK_TOKEN_STATES = ['VALID', 'EXPIRED', 'INVALID'] as const;
export type LinkTokenState = (typeof LINK_TOKEN_STATES)[number];
export const LinkTokenStateEnum = enumOf(LINK_TOKEN_STATES);
registerEnumType(LinkTokenStateEnum, {
  name: 'LinkTokenState',
  description: 'VALID : le lien peut servir ; EXPIRED : son délai est passé ; INVALID : déjà utilisé, remplacé par un lien plus récent, ou inconnu.',
});

@InputType()
export class LinkTokenStatusInput {
  @Field()
  @IsString()
  @IsNotEmpty({ message: 'Le jeton est obligatoire.' })
  @MaxLength(200, { message: '200 caractères au plus.' })
  token: string;
  @Field(() => LinkPurposeEnum)
  @IsEnum(LinkPurposeEnum, { message: 'Type de lien invalide.' })
  purpose: TokenPurpose;
}
