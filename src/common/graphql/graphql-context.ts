import type { PortailRequest } from '../http/request-of';
import type { Loaders } from './loaders';

export interface GraphqlContext {
  req: PortailRequest;
  loaders: Loaders;
}
