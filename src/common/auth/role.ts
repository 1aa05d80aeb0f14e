import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  FAMILY = 'FAMILY',
  STAFF = 'STAFF',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });

/** Staff operations are open to ADMIN too. */
export const STAFF_ROLES = [Role.STAFF, Role.ADMIN] as const;
