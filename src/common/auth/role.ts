import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  FAMILY = 'FAMILY',
  STAFF = 'STAFF',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });

/** Staff operations are open to ADMIN too. */
export const STAFF_ROLES = [Role.STAFF, Role.ADMIN] as const;

/** How people read a role: « Agent », « Administrateur », « Famille ». */
export const roleLabel = (role: Role): string => ({ FAMILY: 'Famille', STAFF: 'Agent', ADMIN: 'Administrateur' })[role];
