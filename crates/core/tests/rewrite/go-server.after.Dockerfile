# syntax=docker/dockerfile:1
FROM golang:1.22 AS builder
WORKDIR /app
ENV CGO_ENABLED=0
COPY --chown=10001:10001 go.mod ./
COPY --chown=10001:10001 go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY --chown=10001:10001 . .
RUN --mount=type=cache,target=/go/pkg/mod go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=builder /app/server /app/server
USER 10001
EXPOSE 8080
CMD ["./server"]
