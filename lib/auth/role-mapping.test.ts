import { describe, expect, it } from 'vitest';
import { parseRoleMapping, readGroupsClaim, rolesForGroups, type RoleMapping } from './role-mapping';

function mappingOf(text: string): RoleMapping {
  const parsed = parseRoleMapping(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.mapping;
}

describe('parseRoleMapping', () => {
  it('reads the documented example', () => {
    expect(mappingOf('admin=platform-admins;officer=compliance;auditor=audit;manager=managers;viewer=*')).toEqual([
      { role: 'admin', groups: ['platform-admins'] },
      { role: 'officer', groups: ['compliance'] },
      { role: 'auditor', groups: ['audit'] },
      { role: 'manager', groups: ['managers'] },
      { role: 'viewer', groups: ['*'] },
    ]);
  });

  it('accepts several groups per role and stray spaces', () => {
    expect(mappingOf(' officer = compliance , security ; ')).toEqual([{ role: 'officer', groups: ['compliance', 'security'] }]);
  });

  it.each([
    ['', 'at least one role'],
    ['superuser=ops', 'unknown role "superuser"'],
    ['admin', 'not of the form'],
    ['admin=', 'has no group'],
    ['admin=a;admin=b', 'appears twice'],
  ])('refuses %j (%s)', (text, reason) => {
    const parsed = parseRoleMapping(text);
    expect('error' in parsed && parsed.error).toContain(reason);
  });
});

describe('rolesForGroups', () => {
  const mapping = mappingOf('admin=platform-admins;officer=compliance,security;auditor=audit;viewer=*');

  it('gives every role one of the groups maps to, plus the * roles', () => {
    expect(rolesForGroups(mapping, ['security', 'audit'])).toEqual(['viewer', 'officer', 'auditor']);
  });

  it('gives only the * role to a user without a mapped group', () => {
    expect(rolesForGroups(mapping, ['marketing'])).toEqual(['viewer']);
  });

  it('gives no role at all when nothing matches and there is no *', () => {
    expect(rolesForGroups(mappingOf('admin=platform-admins'), ['marketing'])).toEqual([]);
  });
});

describe('readGroupsClaim', () => {
  it('reads a list, a single string, and a nested claim', () => {
    expect(readGroupsClaim({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(readGroupsClaim({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(readGroupsClaim({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
  });

  it('answers no group for a missing or odd claim', () => {
    expect(readGroupsClaim({}, 'groups')).toEqual([]);
    expect(readGroupsClaim({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(readGroupsClaim({ realm_access: 'x' }, 'realm_access.roles')).toEqual([]);
  });
});
