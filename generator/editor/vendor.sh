#!/usr/bin/env bash
# Re-vendor Decap CMS from npm at the pinned version: the packed tarball is checked against the
# registry's integrity hash recorded here, then only the browser bundle, its lazy chunks, its
# WebAssembly and its licence notes are kept. Run from the repo root: bash generator/editor/vendor.sh
set -euo pipefail
VERSION=3.16.3
INTEGRITY='sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=='
out=generator/editor/vendor/decap-cms
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "decap-cms@$VERSION" >/dev/null)
tarball="$work/decap-cms-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$actual" = "$INTEGRITY" ] || { echo "integrity mismatch: $actual" >&2; exit 1; }
tar xzf "$tarball" -C "$work"
rm -rf "$out" && mkdir -p "$out"
cp "$work"/package/dist/decap-cms.js "$work"/package/dist/decap-cms.js.LICENSE.txt "$out"/
cp "$work"/package/dist/*.decap-cms.js "$work"/package/dist/*.wasm "$out"/
cp "$work"/package/README.md "$out"/README.decap-cms.md
printf 'decap-cms %s (MIT), from npm; integrity %s\n' "$VERSION" "$INTEGRITY" > "$out"/VERSION
