import { Module } from '@nestjs/common';
import { PaymentsStore } from './payments.store';

/**
 * The payments' store alone, for billing (offline payments, the family's history, staff's lists)
 * and for the online payments module, which itself needs billing's invoices: both import this one,
 * and the modules' graph stays one way (payments → billing → this).
 */
@Module({ providers: [PaymentsStore], exports: [PaymentsStore] })
export class PaymentsStoreModule {}
