# syntax=docker/dockerfile:1
# SRDI Flow: one image for the API (`node dist/api/main.js`), the worker
# (`node dist/worker/main.js`) and the migration job (`node dist/scripts/migrate.js`).
# See docker-compose.yml. Every base image is pinned to an exact version.

# ---- build: full dependencies, Prisma client, TypeScript -> dist/, workflow bundle ----------
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
ENV NODE_ENV=development \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall runs `prisma generate` (engine-free client: nothing is downloaded)
RUN npm ci
COPY . .
RUN npx prisma generate \
 && npm run build \
 && npm run build:web -- --force \
 && npm run bundle:workflows

# ---- prod-deps: production node_modules only --------------------------------------------------
FROM node:20.20-bookworm-slim AS prod-deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: the generated Prisma client comes from the build stage
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime -------------------------------------------------------------------------------
FROM node:20.20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/generated ./generated
# Files the compiled code reads next to itself (dist/<dir>/..): the built web app
# (api/http/web-app.ts serves ../../web/dist) and the SQL migrations (prisma/migrator.ts reads ./migrations).
COPY --from=build --chown=node:node /app/web/dist ./dist/web/dist
COPY --from=build --chown=node:node /app/prisma/migrations ./dist/prisma/migrations
# The attachment volume's mount point: a named volume takes this owner, so the API can write.
RUN mkdir -p /var/lib/srdi/attachments && chown node:node /var/lib/srdi/attachments
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
