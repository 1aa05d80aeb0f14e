import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { formatGraphqlError } from './common/errors/format-graphql-error';
import { HttpErrorFilter } from './common/errors/http-exception.filter';
import { GraphqlContext } from './common/graphql/graphql-context';
import { LoaderRegistry } from './common/graphql/loaders';
import { LoadersModule } from './common/graphql/loaders.module';
import { queryLimitsRule } from './common/graphql/query-limits.rule';
import { controlCharactersPlugin } from './common/graphql/control-characters';
import { MAX_DOCUMENT_TOKENS } from './common/graphql/document-size';
import { validationPipe } from './common/http/validation.pipe';
import { dataSourceOptions } from './database/data-source-options';
import { DatabaseModule } from './database/database.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { CommunesModule } from './modules/communes/communes.module';
import { HealthModule } from './modules/health/health.module';
import { ActivitiesModule } from './modules/activities/activities.module';
import { ChildrenModule } from './modules/children/children.module';
import { FamiliesModule } from './modules/families/families.module';
import { RegistrationsModule } from './modules/registrations/registrations.module';
import { ReservationsModule } from './modules/reservations/reservations.module';
import { BillingModule } from './modules/billing/billing.module';
import { TreasuryModule } from './modules/treasury/treasury.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { DirectDebitModule } from './modules/direct-debit/direct-debit.module';
import { RegieModule } from './modules/regie/regie.module';
import { StateLabelsModule } from './modules/state-labels/state-labels.module';
import { DateScalar } from './common/graphql/date.scalar';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { QueueModule } from './queue/queue.module';
import { SetupModule } from './setup/setup.module';
import type { PortailRequest } from './common/http/request-of';

/** The whole portal. `databaseUrl` is the configured one or the embedded database's. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.dbPoolSize), migrationsRun: false }),
        DatabaseModule,
        QueueModule,
        LoadersModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [LoaderRegistry],
          useFactory: (loaders: LoaderRegistry) => ({
            autoSchemaFile: config.schemaFile ?? true,
            sortSchema: true,
            path: '/graphql',
            playground: false,
            introspection: true,
            // Bearer tokens only, no cookies: a cross-site page cannot act as a family. Apollo never runs
            // mutations over GET, and plain GET queries must work (SPEC §4, graphql-http audit).
            csrfPrevention: false,
            plugins: [ApolloServerPluginLandingPageDisabled(), controlCharactersPlugin()],
            // Abuse (SPEC §3): a document is bounded before parsing (length: documentLengthGuard, in
            // bootstrap.ts), while parsing (tokens), then measured on its expansion in linear time.
            parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
            validationRules: [queryLimitsRule()],
            formatError: formatGraphqlError,
            context: ({ req }: { req: PortailRequest }): GraphqlContext => ({ req, loaders: loaders.forRequest() }),
          }),
        }),
        CommunesModule,
        NotificationsModule,
        AccountsModule,
        ActivitiesModule,
        ChildrenModule,
        RegistrationsModule,
        FamiliesModule,
        ReservationsModule,
        BillingModule,
        TreasuryModule,
        RegieModule,
        PaymentsModule,
        DirectDebitModule,
        StateLabelsModule,
        HealthModule,
        SetupModule,
      ],
      providers: [{ provide: APP_PIPE, useValue: validationPipe }, { provide: APP_FILTER, useClass: HttpErrorFilter }, DateScalar],
    };
  }
}
