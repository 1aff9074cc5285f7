import { expect, type APIRequestContext, type Page } from '@playwright/test';

export type Role = 'viewer' | 'officer' | 'manager' | 'auditor' | 'admin';

/**
 * Signs in through the local demo sign-in (POST /api/auth/local), which sets the session cookie on
 * the context that sent it: the page's browser context, or an API request context.
 */
export async function signIn(target: Page | APIRequestContext, role: Role, name = `e2e-${role}`): Promise<void> {
  const request = 'context' in target ? target.context().request : target;
  const response = await request.post('/api/auth/local', { data: { role, name } });
  expect(response.status(), await response.text()).toBe(200);
}
