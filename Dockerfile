# Node 22 as package.json's engines declare (some dependencies need >= 22.12; see README "Node versions").
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The signed audit heads (a volume in docker-compose), writable by the app user.
RUN mkdir -p /var/lib/subsidy-flow/audit-anchors && chown -R node:node /var/lib/subsidy-flow
USER node
# The app to run is chosen by the command: dist/apps/<api|workflow|sla|notifier>/main.js. The health check takes
# the app's name: the api answers /health; a worker app (no HTTP) must have written its heartbeat lately.
ENV APP=api
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=4 CMD ["sh", "-c", "node dist/libs/runtime/src/healthcheck.js \"$APP\""]
CMD ["node", "dist/apps/api/main.js"]
