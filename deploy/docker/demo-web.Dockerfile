# syntax=docker/dockerfile:1.7
# demo-web (apps/demo-web): the example relying party, Next.js; for trials, not production. Build from the
# repository root:
#   docker build -f deploy/docker/demo-web.Dockerfile -t lotse/demo-web .
# Stages: deps (the store, from the lockfile only) → build (install, turbo build) → runtime
# (Next's standalone output: server.js with exactly the traced production files, no pnpm, no
# devDependencies; needs `output: "standalone"`, set in packages/config/next.js).
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV PNPM_HOME=/pnpm \
    npm_config_store_dir=/pnpm/store \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    TURBO_TELEMETRY_DISABLED=1 \
    NEXT_TELEMETRY_DISABLED=1 \
    CI=true
RUN corepack enable
WORKDIR /app

FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile

FROM deps AS build
COPY . .
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --filter "@lotse/demo-web..." --filter lotse
# `next build` skips the env validation while it collects page data (NEXT_PHASE), so no
# secret is needed, or baked in, here.
RUN pnpm exec turbo run build --filter=@lotse/demo-web
# The standalone tree mirrors the workspace (apps/demo-web/server.js); static assets are not
# part of it and are copied beside it, as Next's docs say.
RUN mkdir -p /out \
 && cp -a apps/demo-web/.next/standalone/. /out/ \
 && cp -a apps/demo-web/.next/static /out/apps/demo-web/.next/static \
 && mkdir -p /out/slow-clients \
 && cp packages/server/dist/slow-clients-preload.js packages/server/dist/slow-clients.js /out/slow-clients/ \
 && echo '{"type":"module"}' > /out/slow-clients/package.json \
 && find /out -name "*.map" -delete

FROM ${NODE_IMAGE} AS runtime
# HOSTNAME: Docker sets it to the container id, and the standalone server would listen on that
# address only. PORT: the standalone server's variable (DEMO_WEB_PORT is for `pnpm start`).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3001
WORKDIR /app
COPY --from=build --chown=root:root /out ./
# Next writes its fetch and image caches here; the only writable folder (an emptyDir in the
# Helm chart, which mounts the root file system read-only).
RUN mkdir -p apps/demo-web/.next/cache && chown 1000:1000 apps/demo-web/.next/cache
USER 1000:1000
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
WORKDIR /app/apps/demo-web
# The slow-client limits of @lotse/server (408 for headers after 10 s, a request after 30 s):
# Next's server takes no such options, so they are preloaded (packages/server/src/slow-clients.ts).
CMD ["node", "--import", "/app/slow-clients/slow-clients-preload.js", "server.js"]
