# syntax=docker/dockerfile:1
FROM rust:1.82-bookworm AS builder
WORKDIR /usr/src/app
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/src/app/target/release/api /usr/local/bin/api
USER 10001
EXPOSE 3000
CMD ["api"]
