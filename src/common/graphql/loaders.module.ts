import { Global, Module } from '@nestjs/common';
import { LoaderRegistry } from './loaders';

/** The loader registry, for every module to register its batch reads and for the GraphQL context to build a request's loaders. */
@Global()
@Module({ providers: [LoaderRegistry], exports: [LoaderRegistry] })
export class LoadersModule {}
