# syntax=docker/dockerfile:1.7
# The broker (apps/broker): the OpenID provider. Build from the repository root:
#   docker build -f deploy/docker/broker.Dockerfile -t lotse/broker .
# Stages: deps (the store, from the lockfile only) → build (install, turbo build, pnpm deploy
# of the broker's production dependencies) → runtime (node, the deployed folder, nothing else).
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV PNPM_HOME=/pnpm \
    npm_config_store_dir=/pnpm/store \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    TURBO_TELEMETRY_DISABLED=1 \
    CI=true
# pnpm at the version package.json's packageManager names.
RUN corepack enable
WORKDIR /app

FROM base AS deps
# Only the lockfile and workspace settings: this layer is rebuilt when dependencies change,
# not on every source change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile

FROM deps AS build
COPY . .
# The broker, the workspace packages it needs and the root tooling (turbo), from the store.
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --filter "@lotse/broker..." --filter lotse
RUN pnpm exec turbo run build --filter=@lotse/broker
# The broker with its production dependencies only (workspace packages copied in, no
# devDependencies). --legacy: the workspace does not use inject-workspace-packages.
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm --filter @lotse/broker deploy --legacy --prod /out \
 && cd /out \
 && rm -rf src test .turbo tsconfig*.json vitest.config.ts eslint.config.js \
 && find . -name "*.map" -delete

FROM ${NODE_IMAGE} AS runtime
# LOTSE_DATA_DIR: the broker resolves its data folder at start-up even in production mode,
# where nothing is written there (the KEK comes from LOTSE_KEK); without it, it looks for the
# workspace root (pnpm-workspace.yaml), which a deployed image does not have, and stops.
ENV NODE_ENV=production \
    LOTSE_MODE=production \
    LOG_FORMAT=json \
    BROKER_PORT=4000 \
    LOTSE_DATA_DIR=/tmp/lotse
WORKDIR /app
COPY --from=build --chown=root:root /out ./
# The image's `node` user, by number so that Kubernetes can verify runAsNonRoot. The files
# stay root-owned and read-only for it; the broker writes nothing to disk in production mode.
USER 1000:1000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.BROKER_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not pnpm) so SIGTERM reaches the broker and it shuts down gracefully.
# --liftoff-only: Prisma's WebAssembly query compiler stays on V8's baseline code instead of
# also being compiled by the optimising tier, 60-70 MB less RSS at no measured cost
# (docs/performance.md, "Memory"). --max-semi-space-size=8: V8 sizes the heap from the
# container's memory limit, and under the chart's 512Mi that leaves a young generation of about
# 1 MB, whose frequent scavenges cost 17-112 % more CPU per refresh, introspection or userinfo;
# with 8 MB semi-spaces the RSS after a minute of load stays at 170-177 MB (performance.md,
# "What the heap holds").
# The same as `pnpm start` (apps/broker's start script).
CMD ["node", "--liftoff-only", "--max-semi-space-size=8", "dist/main.js"]
