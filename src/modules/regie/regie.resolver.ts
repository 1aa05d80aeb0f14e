import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { UnitOfWork } from '../../database/unit-of-work';
import { CommuneEntity } from '../communes/commune.entity';
import { CommuneType } from '../communes/dto/commune.type';
import { OnlinePaymentProviderEnum, PaymentSettingsType, UpdatePaymentSettingsInput } from './dto/payment-settings.types';
import { RegieSettings } from './regie-settings.service';

@Resolver(() => CommuneType)
export class RegieResolver {
  constructor(
    private readonly regie: RegieSettings,
    private readonly uow: UnitOfWork,
  ) {}

  @Roles(Role.ADMIN)
  @Query(() => PaymentSettingsType, { description: 'La régie de la commune : paiement en ligne, créancier SEPA, identifiants Hélios (sans ses secrets).' })
  paymentSettings(@Ctx() ctx: RequestContext) {
    return this.regie.view(ctx);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => PaymentSettingsType, { description: 'Enregistre la régie de la commune ; la clé Systempay laissée de côté reste celle enregistrée.' })
  updatePaymentSettings(@Ctx() ctx: RequestContext, @Args('input') input: UpdatePaymentSettingsInput) {
    return this.regie.update(ctx, input);
  }

  @ResolveField(() => OnlinePaymentProviderEnum, { description: 'Comment les familles de la commune paient en ligne (NONE : pas de paiement en ligne).' })
  onlinePaymentProvider(@Parent() commune: CommuneEntity) {
    return this.regie.onlineProviderOf(this.uow.read, commune.id);
  }
}
