FROM node:26-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app
COPY --chown=10001:10001 package.json pnpm-lock.yaml* ./
RUN npm install -g pnpm && pnpm install
COPY --chown=10001:10001 . .
USER 10001
ENV NODE_ENV=production
CMD ["pnpm", "start"]
