import { Logger as NestLogger } from '@nestjs/common';
import { Logger, QueryRunner } from 'typeorm';

/**
 * TypeORM's own loggers print query parameters: passwords' hashes, e-mails, names, health notes.
 * This one prints the error and the SQL, never the values.
 */
export class SafeTypeormLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}
  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const message = typeof error === 'string' ? error : error.message;
    // Unique violations are expected and answered as CONFLICT by the services: not worth a log line.
    if (typeof error !== 'string' && (error as { code?: string }).code === '23505') return;
    this.logger.warn(`${message} — ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`requête lente (${time} ms) : ${query.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
