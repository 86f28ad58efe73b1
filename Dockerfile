# Vertelpunt: a release build of the `vertelpunt` binary in a small Debian image.
FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p vertelpunt

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/vertelpunt vertelpunt
COPY --from=build /src/target/release/vertelpunt /usr/local/bin/vertelpunt
USER vertelpunt
WORKDIR /var/lib/vertelpunt
ENV VERTELPUNT_BIND=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["vertelpunt"]
CMD ["serve"]
