import { ROLES, isRole, type Role } from './roles';

/**
 * REFMAP_ROLE_MAPPING: which identity-provider groups give which Refmap role.
 *
 * Format: `role=group[,group…]` separated by `;`. `*` stands for "anyone the identity provider
 * signed in". Example: `admin=platform-admins;officer=compliance;auditor=audit;manager=managers;viewer=*`.
 * A user gets every role one of their groups maps to; a user with no role cannot sign in.
 */
export type RoleMapping = { role: Role; groups: string[] }[];

export const ANY_GROUP = '*';

/** Parses the mapping; the error names the offending part (never a secret: this is plain config). */
export function parseRoleMapping(text: string): { mapping: RoleMapping } | { error: string } {
  const mapping: RoleMapping = [];
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { error: 'must map at least one role, e.g. viewer=*' };
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    if (separator <= 0) return { error: `"${entry}" is not of the form role=group[,group…]` };
    const role = entry.slice(0, separator).trim();
    if (!isRole(role)) return { error: `unknown role "${role}" (roles: ${ROLES.join(', ')})` };
    if (mapping.some((existing) => existing.role === role)) return { error: `role "${role}" appears twice; list its groups once, separated by commas` };
    const groups = entry
      .slice(separator + 1)
      .split(',')
      .map((group) => group.trim())
      .filter((group) => group !== '');
    if (groups.length === 0) return { error: `role "${role}" has no group` };
    mapping.push({ role, groups });
  }
  return { mapping };
}

/**
 * The roles a user's groups give, in the order of ROLES.
 * @example rolesForGroups(parse('admin=ops;viewer=*'), ['ops']) // ['viewer', 'admin']
 */
export function rolesForGroups(mapping: RoleMapping, groups: readonly string[]): Role[] {
  const granted = new Set<Role>();
  for (const { role, groups: mapped } of mapping) {
    if (mapped.some((group) => group === ANY_GROUP || groups.includes(group))) granted.add(role);
  }
  return ROLES.filter((role) => granted.has(role));
}

/**
 * The groups in an ID token or userinfo claim. Accepts a list of strings or one string, and a
 * dotted path for nested claims (Keycloak's `realm_access.roles`).
 */
export function readGroupsClaim(claims: Record<string, unknown>, claimPath: string): string[] {
  let value: unknown = claims;
  for (const key of claimPath.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}
