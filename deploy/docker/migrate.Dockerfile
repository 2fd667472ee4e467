# syntax=docker/dockerfile:1.7
# Database migrations (and the seed), as a one-shot job: `pnpm db:migrate` without pnpm, tsx or
# the workspace. Build from the repository root:
#   docker build -f deploy/docker/migrate.Dockerfile -t lotse/migrate .
#   docker run --rm -e DATABASE_URL=postgresql://… lotse/migrate            # apply migrations
#   docker run --rm -e DATABASE_URL=… lotse/migrate node packages/db/dist/cli/seed.js
# It applies prisma/migrations with the WebAssembly schema engine (DESIGN.md §6), records them in
# `_prisma_migrations` as `prisma migrate deploy` would, and exits 0 when the database is up to
# date. Safe to run on every deployment: a migration already applied is skipped.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV PNPM_HOME=/pnpm \
    npm_config_store_dir=/pnpm/store \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    TURBO_TELEMETRY_DISABLED=1 \
    CI=true
RUN corepack enable
WORKDIR /app

FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store pnpm fetch --frozen-lockfile

FROM deps AS build
COPY . .
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --filter "@lotse/db..." --filter lotse
RUN pnpm exec turbo run build --filter=@lotse/db
RUN --mount=type=cache,id=lotse-pnpm-store,target=/pnpm/store \
    pnpm --filter @lotse/db deploy --legacy --prod /out/packages/db \
 && cd /out/packages/db \
 && rm -rf src .turbo tsconfig*.json vitest.config.ts eslint.config.js prisma.config.ts \
 && find . -name "*.map" -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# The layout @lotse/db expects (packages/db/src/paths.ts): the workspace root is the folder
# holding pnpm-workspace.yaml, with the schema and the migrations in prisma/ beneath it.
COPY --from=build /app/pnpm-workspace.yaml ./
COPY --from=build /app/prisma ./prisma
COPY --from=build /out/packages/db ./packages/db
USER 1000:1000
CMD ["node", "packages/db/dist/cli/migrate.js"]
