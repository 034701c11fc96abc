# The cyberkg API. docker-compose.yml runs it beside the official Neo4j image.
# The explorer: bundled by esbuild from web/src, embedded by the Go build.
FROM node:20-bookworm AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /web/dist ./web/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/cyberkg ./cmd/cyberkg

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cyberkg /usr/local/bin/cyberkg
EXPOSE 8080
ENV CYBERKG_ADDR=:8080
ENTRYPOINT ["/usr/local/bin/cyberkg"]
# Waits for Neo4j, applies the schema, loads the built-in seed, serves.
CMD ["up", "--wait", "120s"]
