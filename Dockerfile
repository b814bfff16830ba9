# syntax=docker/dockerfile:1
# One image for both processes: `npm run api` or `npm run worker` (the compose file picks).

FROM node:24.21-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:24.21-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY domain ./domain
COPY content ./content
COPY platform ./platform
COPY workflows ./workflows
COPY client ./client
COPY activities ./activities
COPY api ./api
COPY worker ./worker
COPY scripts/bundleWorkflows.ts scripts/temporalSetup.ts ./scripts/
# The worker loads its workflow code from this bundle instead of running webpack at every start.
RUN node --import tsx scripts/bundleWorkflows.ts /app/dist/workflow-bundle.js
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
