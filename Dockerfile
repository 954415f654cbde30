# profile-check as a container image: a static (musl) binary on Alpine, with git for the
# `git:REV` baselines, run as a user that is not root.
#
#   docker build -t profile-check .
#   docker run --rm -v "$PWD:/work" profile-check            # the repository's profile-check.toml
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
# git reads `baseline = "git:latest-tag"`; the repository is mounted from the host, owned by
# another user than the one that runs the check, which git accepts only when told so.
RUN apk add --no-cache git \
    && git config --system --add safe.directory '*' \
    && adduser -D -H -u 10001 profile-check
COPY --from=build /src/target/release/profile-check /usr/local/bin/profile-check
USER 10001
WORKDIR /work
ENTRYPOINT ["profile-check"]
