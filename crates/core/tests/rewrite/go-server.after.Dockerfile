# syntax=docker/dockerfile:1
FROM golang:1.22 AS builder
WORKDIR /app
ENV CGO_ENABLED=0
COPY go.mod go.sum* ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=builder /app/server /app/server
USER 10001
EXPOSE 8080
CMD ["./server"]
