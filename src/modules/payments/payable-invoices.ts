import { RequestContext } from '../../common/context/request-context';
import { conflict, notFound } from '../../common/errors/domain-error';
import { Tx } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { byAge, invoiceStateReason } from '../billing/billing-rules';
import { remainingOf } from '../billing/invoice.entity';
import { InvoicesStore } from '../billing/invoices.store';

/** The family and the invoices it ticked, locked, each one payable online; else why not (any online provider). */
export async function lockPayable(stores: { accounts: AccountsStore; invoices: InvoicesStore }, tx: Tx, ctx: RequestContext, ids: string[]) {
  const family = await stores.accounts.lockFamily(tx, ctx.communeId, ctx.familyId);
  if (!family) throw notFound('Family', 'Famille introuvable.');
  const invoices = (await stores.invoices.lockInvoices(tx, ids, { communeId: ctx.communeId, familyId: family.id })).sort(byAge);
  if (invoices.length !== ids.length) throw notFound('Invoice', 'Facture introuvable.');
  const refused = invoices.filter((i) => i.state !== 'UNPAID' || remainingOf(i) === 0);
  if (refused.length) {
    throw conflict('INVOICE_NOT_PAYABLE', refused.map((i) => `La facture n° ${i.number} ne peut pas être payée en ligne : ${invoiceStateReason(i.state, remainingOf(i))}.`).join(' '), {
      invoiceIds: refused.map((i) => i.id),
    });
  }
  return { family, invoices };
}
