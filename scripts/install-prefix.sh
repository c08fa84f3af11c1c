#!/usr/bin/env bash
# Installs a built strata under PREFIX, laid out as the binary looks for its files:
#   PREFIX/bin/strata, PREFIX/bin/strata-kernel     the command and the kernelspec's launcher
#   PREFIX/bin/Strata_Data.resources/               the bundled datasets, beside the binary
#   PREFIX/share/strata/kernelspec/                 the logos `strata install` copies
# Usage: scripts/install-prefix.sh PREFIX [BUILD]   (BUILD: .build/release by default, as
# `make release` leaves it). The Dockerfile runs it; Tests/Python/test_dockerfile.py runs
# it on the debug build and starts the installed binary.
set -euo pipefail
prefix=${1:?usage: scripts/install-prefix.sh PREFIX [BUILD]}
cd "$(dirname "$0")/.."
build=${2:-.build/release}

for file in "$build/strata" "$build/strata-kernel" "$build/Strata_Data.resources/Datasets/iris.csv"; do
    [ -e "$file" ] || { echo "install-prefix: $file is missing; build first (make release)" >&2; exit 1; }
done
mkdir -p "$prefix/bin" "$prefix/share/strata/kernelspec"
cp "$build/strata" "$build/strata-kernel" "$prefix/bin/"
rm -rf "$prefix/bin/Strata_Data.resources"
cp -R "$build/Strata_Data.resources" "$prefix/bin/"
cp kernelspec/logo-32x32.png kernelspec/logo-64x64.png kernelspec/logo-svg.svg "$prefix/share/strata/kernelspec/"
echo "installed strata in $prefix/bin"
