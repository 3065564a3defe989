# syntax=docker/dockerfile:1
FROM node:20-slim AS builder
WORKDIR /usr/src/app
COPY package.json package-lock.json* ./
RUN --mount=type=cache,target=/root/.npm npm install
COPY . .
RUN npm prune --omit=dev

FROM node:20-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /usr/src/app && chown 10001:10001 /usr/src/app
WORKDIR /usr/src/app
COPY --from=builder --chown=10001:10001 /usr/src/app /usr/src/app
USER 10001
EXPOSE 3000
ENV NODE_ENV=production
CMD ["node", "server.js"]
