/**
 * Who may do what: the one table of roles and permissions. Everything that authorises a request
 * (proxy.ts, route handlers, pages) asks `hasPermission`; nothing else compares role names.
 *
 * Pure data and functions, no secrets: proxy.ts, pages and tests import it.
 */

export const ROLES = ['viewer', 'officer', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['view', 'collect', 'attest', 'waive', 'download', 'audit.read', 'administer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The roles that hold each permission.
 * - view: the matrix, controls, snapshots and trends — everyone who signed in with a role
 * - collect: trigger a collection now (POST /api/snapshots)
 * - attest, waive: record a manual attestation or a waiver for a control — compliance officers
 * - download: evidence packages and reports (PDF, CSV, OSCAL, bundle) — auditors
 * - audit.read: the audit trail — auditors
 * - administer: any change that no row grants to anyone else (the fail-closed default)
 * admin holds every permission.
 */
export const ROLES_BY_PERMISSION: Readonly<Record<Permission, readonly Role[]>> = {
  view: ROLES,
  collect: ['officer', 'manager', 'admin'],
  attest: ['officer', 'admin'],
  waive: ['officer', 'admin'],
  download: ['auditor', 'admin'],
  'audit.read': ['auditor', 'admin'],
  administer: ['admin'],
};

/** A user may hold several roles (one per matching group); any of them may grant the permission. */
export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed = ROLES_BY_PERMISSION[permission];
  return roles.some((role) => allowed.includes(role));
}

/** Every permission the roles hold, in table order (shown on the session endpoint and in the UI). */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((permission) => hasPermission(roles, permission));
}

/** The roles that would grant a permission, for "you need one of …" messages. */
export function rolesGranting(permission: Permission): readonly Role[] {
  return ROLES_BY_PERMISSION[permission];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
