import type { NextConfig } from 'next';

/**
 * /media/* -> the API's /media/* (product images). Next freezes rewrites() into
 * .next/routes-manifest.json at build time, so proxy.ts also rewrites /media at request time
 * with the API_URL given to `next start`; this entry is the build-time fallback.
 * Pages read API_URL at request time (lib/config.ts).
 */
const apiUrl = (process.env.API_URL || 'http://127.0.0.1:4000').replace(/\/+$/, '');

const nextConfig: NextConfig = {
  // A second build directory lets two people build the app side by side (NEXT_DIST_DIR=.next-x).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  images: {
    // next/image builds srcsets with lib/image-loader.ts: `/media/<key>?w=<width>`, answered by
    // the API with its nearest pre-generated rendition (AVIF/WebP by Accept). The widths below
    // are the API's rendition widths (packages/db/src/media/keys.ts RENDITION_WIDTHS), so every
    // srcset candidate is a file that exists and each is cached once per CDN edge.
    loader: 'custom',
    loaderFile: './lib/image-loader.ts',
    deviceSizes: [320, 480, 640, 960],
    imageSizes: [160],
  },
  // Fixed headers for every response, Next's own assets (/_next, which proxy.ts does not see)
  // included. Per-request ones (Content-Security-Policy with its nonce, X-Frame-Options, HSTS)
  // are set by proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
  async rewrites() {
    return [
      // Product images live behind the API; shoppers fetch them from the web origin.
      { source: '/media/:path*', destination: `${apiUrl}/media/:path*` },
    ];
  },
};

export default nextConfig;
