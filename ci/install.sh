#!/bin/sh
# Installs the system packages Elle needs to build and test on Debian 12.
# Run as root (or it re-runs itself through sudo).
set -eu
if [ "$(id -u)" -ne 0 ]; then
    exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
# Debian's source packages: the wasm32 tests build zlib from its source
# (apt-get source zlib), as a C library joins a WebAssembly module
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    cat > /etc/apt/sources.list.d/elle-deb-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi
apt-get update
apt-get install -y --no-install-recommends \
    build-essential pkg-config dpkg-dev \
    llvm-19-dev libpolly-19-dev clang-19 lld-19 libclang-19-dev \
    zlib1g-dev libzstd-dev libz3-dev libxml2-dev libffi-dev \
    libsqlite3-dev libssl-dev libpcre2-dev libcairo2-dev libcurl4-openssl-dev \
    wasi-libc libclang-rt-19-dev-wasm32 \
    libglib2.0-dev libsdl2-dev \
    libgtk-4-dev xvfb xauth imagemagick fonts-dejavu-core \
    unicode-data python3
# node runs the wasm32 modules ellec makes (20 or newer; Debian's 18 as a fallback)
command -v node >/dev/null 2>&1 || apt-get install -y --no-install-recommends nodejs
