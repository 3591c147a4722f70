import type { NextConfig } from 'next';

/**
 * /media/* -> the API's /media/* (product images). Next freezes rewrites() into
 * .next/routes-manifest.json at build time, so proxy.ts also rewrites /media at request time
 * with the API_URL given to `next start`; this entry is the build-time fallback.
 * Pages read API_URL at request time (lib/config.ts).
 */
const apiUrl = (process.env.API_URL || 'http://127.0.0.1:4000').replace(/\/+$/, '');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  async rewrites() {
    return [
      // Product images live behind the API; shoppers fetch them from the web origin.
      { source: '/media/:path*', destination: `${apiUrl}/media/:path*` },
    ];
  },
};

export default nextConfig;
