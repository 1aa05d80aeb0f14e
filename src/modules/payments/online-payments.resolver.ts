import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { PaymentCheckoutType, StartOnlinePaymentInput } from './dto/checkout.types';
import { OnlinePayments } from './online-payments.service';

@Resolver()
export class OnlinePaymentsResolver {
  constructor(private readonly payments: OnlinePayments) {}

  @Roles(Role.FAMILY)
  @Mutation(() => PaymentCheckoutType, { description: '« Accéder au paiement » : un paiement en attente pour le total exact, et le formulaire à poster à la banque.' })
  async startOnlinePayment(@Ctx() ctx: RequestContext, @Args('input') input: StartOnlinePaymentInput): Promise<PaymentCheckoutType> {
    const { payment, form } = await this.payments.start(ctx, input.invoiceIds);
    return { payment, actionUrl: form.actionUrl, method: form.method, fields: Object.entries(form.fields).map(([name, value]) => ({ name, value })) };
  }
}
