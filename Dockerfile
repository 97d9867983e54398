# The one-binary image: a Debian 12 stage builds folio with the repository's own scripts and
# assembles the root filesystem (scripts/image: the binary, its shared libraries, CA certificates,
# the user folio); the runtime image is that root filesystem alone. See docs/operations.md.
#   docker build --build-arg FOLIO_COMMIT=$(git describe --always --dirty) -t folio .
FROM debian:12 AS build
WORKDIR /src
COPY . .
# .git is not in the build context: the commit `folio --version` reports comes from here.
ARG FOLIO_COMMIT=unknown
# Debian's own nodejs comes without npm, which the build needs to fetch Redoc (scripts/fetch-redoc).
RUN bash -c 'source scripts/lib.sh && ensure_packages npm && build_folio build Release -DFOLIO_COMMIT="$FOLIO_COMMIT"' \
 && scripts/image build /image-root

FROM scratch
COPY --from=build /image-root/ /
USER 10001:10001
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080
# No curl in the image: folio asks itself (HOST and PORT from the same environment).
HEALTHCHECK --interval=10s --timeout=6s --start-period=90s --retries=3 \
  CMD ["/usr/local/bin/folio", "healthcheck", "/healthz"]
# `folio serve` by default; any other command replaces "serve" (e.g. `db status`).
ENTRYPOINT ["/usr/local/bin/folio"]
CMD ["serve"]
