# syntax=docker/dockerfile:1
FROM node:20-slim AS builder
WORKDIR /usr/src/app
COPY package.json package-lock.json* ./
RUN --mount=type=cache,target=/root/.npm npm install \
 && npm prune --omit=dev

FROM node:20-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /usr/src/app && chown 10001:10001 /usr/src/app
WORKDIR /usr/src/app
COPY --from=builder --chown=10001:10001 /usr/src/app/node_modules /usr/src/app/node_modules
COPY --chown=10001:10001 . .
USER 10001
EXPOSE 3000
ENV NODE_ENV=production
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://localhost:3000/health', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
CMD ["node", "server.js"]
