FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The signed audit heads (a volume in docker-compose), writable by the app user.
RUN mkdir -p /var/lib/subsidy-flow/audit-anchors && chown -R node:node /var/lib/subsidy-flow
USER node
# The app to run is chosen by the command: dist/apps/<api|workflow|sla|notifier>/main.js
CMD ["node", "dist/apps/api/main.js"]
