# One image for the four services; docker-compose.yml picks the entry point of each.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build
ENV HOST=0.0.0.0 NODE_ENV=production
CMD ["node", "dist/apps/reservation/src/main.js"]
