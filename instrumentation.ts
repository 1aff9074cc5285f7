// Runs once when the Next.js server starts: validate configuration, open (and migrate) the database,
// then start collecting. A bad configuration stops the server here with the variable's name.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('@/lib/server-start');
  await startServer();
}
