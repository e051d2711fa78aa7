# One image for all five team servers; docker-compose.yml picks the team with TEAM.
FROM node:22-slim
WORKDIR /app
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# pnpm at the version package.json's packageManager pins.
RUN corepack enable
# Whole workspace (minus .dockerignore): pnpm needs every package.json of the workspace, and
# there is no build step, so sources and dependencies land in one layer.
COPY . .
RUN pnpm install --frozen-lockfile
ENV TEAM=leadership
# Shell form of exec so ${TEAM} is expanded (exec-form CMD does not expand variables).
CMD ["sh", "-c", "exec node --import tsx teams/${TEAM}/src/main.ts"]
