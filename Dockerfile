# syntax=docker/dockerfile:1.7
# Keyless production image: the Next.js standalone server (default command) and the
# background worker (same image, `node --max-old-space-size=256 --liftoff-only --optimize-for-size --conditions=react-server worker/worker.mjs`).
# Build:   docker build -t keyless .
# Migrate: docker build --target migrate -t keyless-migrate . && docker run --rm -e MIGRATION_DATABASE_URL=… keyless-migrate
#          (the owner's connection; the app and the worker use the keyless_app role: docs/deploy.md §3)
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# prisma.config.ts picks Prisma's native schema engine, or where its download fails (a
# registry-only network) the project's offline one (ADR 002), for postinstall and `migrate`.
COPY scripts/prisma-engine ./scripts/prisma-engine
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx prisma generate && npm run build && npm run build:worker

# Runtime dependencies of the worker bundle (its npm packages are external).
FROM ${NODE_IMAGE} AS worker-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Applies migrations (run as a Job before each rollout).
FROM deps AS migrate
COPY prisma ./prisma
USER node
CMD ["npx", "prisma", "migrate", "deploy"]

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RUN groupadd --system --gid 10001 keyless && useradd --system --uid 10001 --gid keyless --no-create-home keyless
COPY --from=build --chown=root:root /app/.next/standalone ./
COPY --from=build --chown=root:root /app/.next/static ./.next/static
COPY --from=build --chown=root:root /app/public ./public
COPY --from=build --chown=root:root /app/dist/worker.mjs ./worker/worker.mjs
COPY --from=worker-deps --chown=root:root /app/node_modules ./worker/node_modules
# Code is owned by root and read-only to the app user; only the Next cache is writable.
RUN mkdir -p .next/cache && chown keyless:keyless .next/cache
USER 10001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# A bounded old generation: V8 otherwise sizes it from the host's memory and lets garbage
# pile up under load (≈330 MB RSS at 50 concurrent users vs ≈245 MB with this; bench/RESULTS.md).
CMD ["node", "--max-old-space-size=256", "server.js"]
