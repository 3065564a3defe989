FROM node:22-slim
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-log-init --create-home app \
 && mkdir -p /app && chown 10001:10001 /app
WORKDIR /app
COPY --chown=10001:10001 package.json ./
COPY --chown=10001:10001 yarn.lock* ./
RUN yarn install \
 && yarn cache clean
COPY --chown=10001:10001 . .
RUN yarn build
USER 10001
EXPOSE 3000
ENV NODE_ENV=production
CMD ["node", "dist/index.js"]
