import { Injectable, OnModuleInit } from '@nestjs/common';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service';
import { DirectDebits } from '../direct-debits.service';

/** Every 15 minutes (and at start): the direct debits whose collection date has come are VALIDATED. */
@Injectable()
export class DirectDebitCollectionChore implements OnModuleInit {
  static readonly NAME = 'direct-debit-collection';

  constructor(
    private readonly periodic: PeriodicTasks,
    private readonly directDebits: DirectDebits,
  ) {}

  onModuleInit() {
    this.periodic.every(DirectDebitCollectionChore.NAME, 15 * 60_000, () => this.directDebits.collect(), { atStart: true });
  }
}
