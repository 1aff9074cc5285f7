// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages load WebAssembly or native files at run time; bundling them breaks that.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/client',
    '@prisma/adapter-pg',
    'pg',
    '@kubernetes/client-node',
    '@opensearch-project/opensearch',
    'pino',
    'prom-client',
    // loads its standard fonts (.afm data) from its own folder at run time
    'pdfkit',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
