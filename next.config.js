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
  // The image (deploy/Dockerfile) builds with REFMAP_STANDALONE=true: `.next/standalone` then holds
  // server.js and only the node_modules files the server uses. `next start` (npm start, the e2e
  // tests) keeps the usual output.
  output: process.env.REFMAP_STANDALONE === 'true' ? 'standalone' : undefined,
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
