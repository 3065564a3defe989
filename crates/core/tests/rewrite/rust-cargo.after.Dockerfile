# syntax=docker/dockerfile:1
FROM rust:1-bookworm AS builder
WORKDIR /usr/src/app
COPY Cargo.toml Cargo.lock* ./
RUN --mount=type=cache,target=/usr/local/cargo/registry mkdir -p src && echo 'fn main() {}' > src/main.rs && cargo build --release && rm -rf src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release

FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /usr/src/app
COPY --from=builder /usr/src/app/target/release/app /usr/src/app/target/release/app
USER 10001
EXPOSE 8000
CMD ["./target/release/app"]
