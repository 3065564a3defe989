FROM golang:1.22 AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/server ./cmd/server

FROM alpine:3.20
# certificates for outgoing HTTPS
RUN apk add --no-cache ca-certificates tzdata
RUN adduser -D -u 10001 app
WORKDIR /app
COPY --from=build /out/server /app/server
USER 10001
EXPOSE 8080
CMD /app/server --listen :8080
