# The cyberkg API. docker-compose.yml runs it beside the official Neo4j image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/cyberkg ./cmd/cyberkg

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cyberkg /usr/local/bin/cyberkg
EXPOSE 8080
ENV CYBERKG_ADDR=:8080
ENTRYPOINT ["/usr/local/bin/cyberkg"]
# Waits for Neo4j, applies the schema, loads the built-in seed, serves.
CMD ["up", "--wait", "120s"]
