# syntax=docker/dockerfile:1
# Build: cgo is needed for the SQLite driver.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/readiness ./cmd/readiness

# Run: a small Debian with only what the binary links to, as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /data --shell /usr/sbin/nologin readiness \
 && mkdir -p /data && chown readiness /data
COPY --from=build /out/readiness /usr/local/bin/readiness
USER readiness
WORKDIR /data
VOLUME ["/data"]
ENV READINESS_ADDR=0.0.0.0:8080 READINESS_DB=/data/readiness.db
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"ok\"' <&3"]
ENTRYPOINT ["readiness"]
CMD ["serve"]
