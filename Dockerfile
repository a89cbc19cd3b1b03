# Wharfie's own image, built the way the notes teach: multi-stage, a pinned
# base, production dependencies only, not root, a health check that is part
# of the app (no curl), and layers ordered so a code change reuses the
# dependency layers. No "# syntax" line, no --pull, no digest pins: they force
# a registry lookup, and some builders (CI here) have no registry.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Production dependencies, with better-sqlite3 compiled for this base
# (its prebuilt download is not always reachable; a compiler always works).
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Then drop what only a compiler or an editor reads: SQLite's sources once built,
# type declarations, source maps and markdown.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj* \
    node_modules/better-sqlite3/build/Release/.deps node_modules/better-sqlite3/build/deps \
 && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' -o -name '*.map' -o -name '*.md' \) -delete \
 && npm cache clean --force

# The TypeScript build, with dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.app.json ./
COPY src ./src
COPY adapters ./adapters
RUN npx tsc -p tsconfig.app.json
# A warm parse cache for the knowledge that ships: the notes and the bundled
# Docker CLI reference (~1.4 MB of markdown, ~3 s to parse cold, ~0.3 s to read
# back). It goes to the default cache folder, node_modules/.cache/wharfie,
# which the runtime stage copies to the same path (keys hold the pack's
# folder, /app/... in both stages). At run time WHARFIE_CACHE_DIR is
# /data/cache on the volume, and a volume hides whatever the image has at its
# path, so the image's cache is not put there: the loader reads the default
# folder as a read-only seed whenever WHARFIE_CACHE_DIR has nothing yet for a
# pack, and writes only what changed to /data/cache.
COPY knowledge ./knowledge
COPY third-party ./third-party
RUN node dist/adapters/app/warm-cache.js

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WHARFIE_HTTP=on \
    WHARFIE_TERMINAL=off \
    WHARFIE_DB=/data/wharfie.db \
    WHARFIE_CACHE_DIR=/data/cache
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY knowledge ./knowledge
# The Docker CLI reference (Apache-2.0, unchanged, with its LICENSE and NOTICE): the fallback pack.
COPY third-party ./third-party
# PostgreSQL migrations (plain SQL, read by node-pg-migrate when WHARFIE_DATABASE_URL is set).
COPY adapters/postgres/migrations ./adapters/postgres/migrations
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules/.cache/wharfie ./node_modules/.cache/wharfie
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/adapters/app/healthcheck.js"]
# Node is PID 1 and handles SIGTERM itself: stop taking work, finish or kill sandbox runs, close connections.
STOPSIGNAL SIGTERM
CMD ["node", "bin/wharfie.js", "start"]
