# syntax=docker/dockerfile:1
FROM golang:1.27 AS builder
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod go build -o /usr/local/bin/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=builder /usr/local/bin/api /usr/local/bin/api
USER 10001
CMD ["api", "--listen", ":9000"]
