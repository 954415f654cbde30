# profile-check as a container image: a static (musl) binary on Alpine, run as a user that
# is not root. No git: `git:REV` baselines are read in-process, and nothing is run.
#
#   docker build -t profile-check .
#   docker run --rm -v "$PWD:/work" --user "$(id -u):$(id -g)" profile-check   # profile-check.toml
#   docker run --rm -v "$PWD:/work" profile-check explain event-flow
#
# The build needs crates from crates.io only; `.github/workflows/release.yml` builds the
# image of each release and runs it on this repository's profile before publishing it.

FROM rust:1.89-alpine AS build
# The musl C runtime objects; the binary links statically (musl's default).
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY benches benches
RUN cargo build --locked --release --bin profile-check \
    && strip target/release/profile-check

FROM alpine:3.22
RUN adduser -D -H -u 10001 profile-check
COPY --from=build /src/target/release/profile-check /usr/local/bin/profile-check
USER 10001
WORKDIR /work
ENTRYPOINT ["profile-check"]
