# App image: the Next.js server (via scripts/start.ts: migrate, seed the demo, the web server) and,
# with another command, the worker. PostgreSQL and Redis come from docker-compose.yml.
FROM node:20-bookworm-slim

ENV NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATA_DIR=/app/.data

WORKDIR /app
RUN chown node:node /app
USER node

COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
# Build now so `npm start` finds a current .next/BUILD_ID and skips the build at startup.
RUN node node_modules/next/dist/bin/next build && mkdir -p /app/.data

EXPOSE 3000
# One process (no npm/sh in between) so SIGTERM from `docker stop` reaches the launcher.
CMD ["node", "--conditions=react-server", "--import", "tsx", "scripts/start.ts"]
