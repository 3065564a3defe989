# syntax=docker/dockerfile:1
FROM node:26-slim AS builder
WORKDIR /app
COPY --chown=10001:10001 package.json ./
COPY --chown=10001:10001 package-lock.json* ./
RUN --mount=type=cache,target=/root/.npm npm install -g pnpm && pnpm install
COPY --chown=10001:10001 . .
RUN npm prune --omit=dev

FROM node:26-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app
COPY --from=builder --chown=10001:10001 /app /app
USER 10001
ENV NODE_ENV=production
CMD ["pnpm", "start"]
