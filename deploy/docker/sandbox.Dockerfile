# syntax=docker/dockerfile:1.7
# The sandbox (apps/sandbox): the simulated outside world (federation master, insurer IDPs,
# authenticator app, FHIR server) for trials and tests; never part of a production deployment. Build from the repository root:
#   docker build -f deploy/docker/sandbox.Dockerfile -t lotse/sandbox .
# Stages: deps (the store, from the lockfile only) → build (install, turbo build, pnpm deploy
# of the sandbox's production dependencies) → runtime (node, the deployed folder, nothing else).
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
# The sandbox, the workspace packages it needs and the root tooling (turbo), from the store.
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --filter "@lotse/sandbox..." --filter lotse
RUN pnpm exec turbo run build --filter=@lotse/sandbox
# The sandbox with its production dependencies only (workspace packages copied in, no
# devDependencies). --legacy: the workspace does not use inject-workspace-packages.
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm --filter @lotse/sandbox deploy --legacy --prod /out \
 && cd /out \
 && rm -rf src test .turbo tsconfig*.json vitest.config.ts eslint.config.js \
 && find . -name "*.map" -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    SANDBOX_PORT=4100 \
    SANDBOX_MTLS_PORT=4143
WORKDIR /app
COPY --from=build --chown=root:root /out ./
# The one folder the sandbox may write: SANDBOX_TLS_DIR of the compose trial
# (deploy/compose.sandbox.yaml), for its mTLS listener's certificate. A fresh named volume
# mounted here starts as a copy of it, owned by uid 1000; without it the volume would be root's.
RUN mkdir -p /var/lib/lotse-sandbox/tls && chown 1000:1000 /var/lib/lotse-sandbox/tls
# The image's `node` user, by number so that Kubernetes can verify runAsNonRoot. The files
# stay root-owned and read-only for it; the sandbox keeps its state in the database.
USER 1000:1000
# 4100: the sandbox; 4143: its HTTPS listener for mutual TLS (the insurers' mtls_endpoint_aliases).
EXPOSE 4100 4143
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.SANDBOX_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not pnpm) so SIGTERM reaches the sandbox and it shuts down gracefully.
CMD ["node", "dist/main.js"]
