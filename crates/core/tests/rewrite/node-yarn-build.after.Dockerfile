FROM node:22-slim AS builder
WORKDIR /app
COPY package.json yarn.lock* ./
RUN yarn install \
 && yarn cache clean
COPY . .
RUN yarn build \
 && yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline

FROM node:22-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app
COPY --from=builder --chown=10001:10001 /app /app
USER 10001
EXPOSE 3000
ENV NODE_ENV=production
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://localhost:3000/health', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
CMD ["node", "dist/index.js"]
