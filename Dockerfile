# syntax=docker/dockerfile:1
# One image for every role and verb: `docker build -t cotosweep .` (CPU, lean libtorch) or
# `docker build --build-arg VARIANT=cuda -t cotosweep:cuda .` (TorchSharp-cuda on a CUDA runtime base).
# The roles:  docker run cotosweep coordinator | worker | submit FILE | status | run FILE | …
# Settings come from COTOSWEEP_* variables (README, "Deploying"); a flag given on the command line wins.
# The base images are build arguments so that a mirror (or a local base) can stand in for the registries.
ARG VARIANT=cpu
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# ---- build: restore (cached while only sources change), then publish for the chosen torch backend
FROM ${SDK_IMAGE} AS build
ARG VARIANT
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY src/CoToSweep.Domain/CoToSweep.Domain.csproj src/CoToSweep.Domain/
COPY src/CoToSweep.Training/CoToSweep.Training.csproj src/CoToSweep.Training/
COPY src/CoToSweep.Training/build/ src/CoToSweep.Training/build/
COPY src/CoToSweep.Actors/CoToSweep.Actors.csproj src/CoToSweep.Actors/
COPY src/CoToSweep.Cli/CoToSweep.Cli.csproj src/CoToSweep.Cli/
RUN dotnet restore src/CoToSweep.Cli/CoToSweep.Cli.csproj -p:TorchBackend=${VARIANT}
COPY src/ src/
RUN dotnet publish src/CoToSweep.Cli/CoToSweep.Cli.csproj -c Release --no-restore -p:TorchBackend=${VARIANT} \
        -p:UseAppHost=true -o /app

# ---- runtimes: the .NET runtime image (cpu), or a CUDA runtime with the .NET runtime copied in (cuda)
FROM ${RUNTIME_IMAGE} AS dotnet-runtime

FROM dotnet-runtime AS runtime-cpu
USER root
RUN apt-get update && apt-get install -y --no-install-recommends tini util-linux && rm -rf /var/lib/apt/lists/*

FROM ${CUDA_IMAGE} AS runtime-cuda
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini util-linux ca-certificates libssl3t64 libstdc++6 zlib1g tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && (getent passwd app >/dev/null || useradd --uid 1654 --user-group --create-home --shell /usr/sbin/nologin app)

# ---- the image: non-root, the state directory as a volume, the health endpoint as HEALTHCHECK
FROM runtime-${VARIANT} AS final
COPY --from=build /app /app
RUN mkdir -p /var/lib/cotosweep /artifacts && chown 1654:1654 /var/lib/cotosweep /artifacts
ENV COTOSWEEP_STATE=/var/lib/cotosweep \
    COTOSWEEP_HOST=auto \
    COTOSWEEP_BIND=0.0.0.0 \
    COTOSWEEP_HEALTH_PORT=8558 \
    DOTNET_NOLOGO=1
USER 1654
WORKDIR /var/lib/cotosweep
VOLUME ["/var/lib/cotosweep"]
# 4053: the coordinator's cluster port (workers: COTOSWEEP_PORT, default any free port); 8558: /healthz and /readyz
EXPOSE 4053 8558
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 CMD ["/app/cotosweep", "health"]
# tini is PID 1: it forwards SIGTERM (a worker hands its trials back and leaves) and reaps orphaned trial processes.
ENTRYPOINT ["/usr/bin/tini", "--", "/app/cotosweep"]
CMD ["--help"]
