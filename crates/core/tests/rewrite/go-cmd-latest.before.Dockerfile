FROM golang
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/api ./cmd/api
CMD api --listen :9000
