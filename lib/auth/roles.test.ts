import { describe, expect, it } from 'vitest';
import { hasPermission, PERMISSIONS, permissionsOf, ROLES, ROLES_BY_PERMISSION, type Permission, type Role } from './roles';

// The rules of the issue, written out: who may attest, waive, download, collect and read the audit trail.
const RULES: Record<Permission, Record<Role, boolean>> = {
  view: { viewer: true, officer: true, manager: true, auditor: true, admin: true },
  collect: { viewer: false, officer: true, manager: true, auditor: false, admin: true },
  attest: { viewer: false, officer: true, manager: false, auditor: false, admin: true },
  waive: { viewer: false, officer: true, manager: false, auditor: false, admin: true },
  download: { viewer: false, officer: false, manager: false, auditor: true, admin: true },
  'audit.read': { viewer: false, officer: false, manager: false, auditor: true, admin: true },
  administer: { viewer: false, officer: false, manager: false, auditor: false, admin: true },
};

describe('role rules', () => {
  const cases = PERMISSIONS.flatMap((permission) => ROLES.map((role) => [role, permission, RULES[permission][role]] as const));

  it.each(cases)('%s may %s: %s', (role, permission, isAllowed) => {
    expect(hasPermission([role], permission)).toBe(isAllowed);
  });

  it('grants admin every permission', () => {
    expect(permissionsOf(['admin'])).toEqual([...PERMISSIONS]);
  });

  it('adds up the permissions of several roles', () => {
    expect(permissionsOf(['auditor', 'manager'])).toEqual(['view', 'collect', 'download', 'audit.read']);
  });

  it('grants nothing without a role', () => {
    expect(PERMISSIONS.some((permission) => hasPermission([], permission))).toBe(false);
  });

  it('names only known roles in the table', () => {
    for (const roles of Object.values(ROLES_BY_PERMISSION)) for (const role of roles) expect(ROLES).toContain(role);
  });
});
