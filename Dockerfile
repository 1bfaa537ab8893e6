# syntax=docker/dockerfile:1
# The companion as a container: `docker build -t okta-salesforce-sync .`, then
# `docker run -p 8787:8787 --env-file companion.env -v okta-sync-data:/data okta-salesforce-sync`.
# Without Okta and Salesforce credentials in the environment it runs the sandbox, as `npm start` does.
# The heap is bounded (NODE_OPTIONS, the flag of npm start's script in package.json) so the
# container's memory limit is never the first to give.

# Build: compile the companion's TypeScript.
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY companion/package.json companion/
RUN npm ci --no-audit --no-fund --workspace companion \
 && npm install --no-save --no-audit --no-fund typescript@5.9.3
COPY companion/ companion/
RUN npm run build --workspace companion

# Dependencies the companion runs with, nothing else (better-sqlite3 is built for this image).
FROM node:20.19-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY companion/package.json companion/
RUN npm ci --no-audit --no-fund --omit=dev --workspace companion

FROM node:20.19-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY --from=dependencies /app ./
COPY --from=build /app/companion/dist companion/dist
# The sandbox's emulated org reads the product's own metadata.
COPY force-app/ force-app/
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM from `docker stop` drains the queue and closes the store before the process exits.
STOPSIGNAL SIGTERM
CMD ["node", "companion/dist/bin/start.js"]
