import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';

/** For the TypeORM CLI (`migration:generate`): needs DATABASE_URL. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 2));
