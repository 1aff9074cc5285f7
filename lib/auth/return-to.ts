/**
 * Where to send a user after signing in. Only a path on this site: anything else (`//evil.example`,
 * `https://…`, `/\evil`) would turn the sign-in into an open redirect.
 * @example safeReturnTo('/controls/S5.NON-ROOT?cluster=demo') // '/controls/S5.NON-ROOT?cluster=demo'
 * @example safeReturnTo('//evil.example') // '/'
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(value)) return '/';
  // the sign-in page itself is no destination
  if (value === '/signin' || value.startsWith('/signin?') || value.startsWith('/api/auth/')) return '/';
  return value;
}
