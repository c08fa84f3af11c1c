#!/usr/bin/env bash
# Regenerates Sources/Export/Generated/onnx.pb.swift from ONNX's onnx.proto. Run it only
# when moving to a newer onnx.proto; the build itself needs only the SwiftProtobuf
# library, never protoc.
#
# Where the tools come from (ENVIRONMENT.md, "ONNX"):
#   PROTOC        protoc from Debian's protobuf-compiler package (3.21); default: `protoc`
#                 on PATH.
#   PROTOC_GEN_SWIFT
#                 the protoc-gen-swift plugin, built from the swift-protobuf package at
#                 the version Package.swift names (1.39.0):
#                   git clone --branch 1.39.0 https://github.com/apple/swift-protobuf
#                   swift build -c release --product protoc-gen-swift
#                 default: `protoc-gen-swift` on PATH.
#   ONNX_PROTO    onnx.proto (not onnx-ml.proto), as shipped inside PyPI's onnx wheel at
#                 onnx/onnx.proto; default: the one in .venv's onnx 1.23.2.
#
# onnx.proto is part of the ONNX project, (c) ONNX Project Contributors, licensed under
# the Apache License 2.0 (SPDX-License-Identifier: Apache-2.0); the generated Swift keeps
# that SPDX line from the proto file's header. It is generated code, never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

PROTOC=${PROTOC:-protoc}
PROTOC_GEN_SWIFT=${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}
ONNX_PROTO=${ONNX_PROTO:-.venv/lib/python3.11/site-packages/onnx/onnx.proto}
OUT=Sources/Export/Generated

if [ -z "$PROTOC_GEN_SWIFT" ] || [ ! -x "$PROTOC_GEN_SWIFT" ]; then
    echo "generate-onnx-swift: set PROTOC_GEN_SWIFT to the protoc-gen-swift binary" >&2
    exit 1
fi
if [ ! -f "$ONNX_PROTO" ]; then
    echo "generate-onnx-swift: no onnx.proto at $ONNX_PROTO (set ONNX_PROTO)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# protoc names the output after the input file, so copy it under its own name.
cp "$ONNX_PROTO" "$work/onnx.proto"
mkdir -p "$OUT"
"$PROTOC" --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" \
    --proto_path="$work" \
    --swift_out="$OUT" \
    --swift_opt=Visibility=Internal \
    "$work/onnx.proto"
echo "generate-onnx-swift: wrote $OUT/onnx.pb.swift with $("$PROTOC" --version)"
