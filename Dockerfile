# syntax=docker/dockerfile:1
# The Quorum hub as a container image: a build stage builds the dashboard, the runtime stage holds production
# dependencies only and runs as the unprivileged `node` user. Use with docker-compose.yml (external PostgreSQL).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node --import tsx scripts/build-web.ts --force

FROM ${NODE_IMAGE} AS runtime
ENV QUORUM_HOST=0.0.0.0 \
    QUORUM_PORT=7700 \
    QUORUM_DATA_DIR=/var/lib/quorum \
    QUORUM_LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY scripts/wait-for-database.ts ./scripts/
COPY deploy/docker-entrypoint.sh deploy/healthcheck.js ./deploy/
COPY --from=build /app/web/dist ./web/dist
# The data dir holds admin.key, correlation.yaml and, without DATABASE_URL, the embedded database.
RUN mkdir -p /var/lib/quorum && chown node:node /var/lib/quorum
VOLUME ["/var/lib/quorum"]
USER node
EXPOSE 7700
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/healthcheck.js"]
ENTRYPOINT ["deploy/docker-entrypoint.sh"]
CMD ["start"]
