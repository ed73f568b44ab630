#!/usr/bin/env bash
# Prints the path of the elevate binary the action uses, installing it if needed:
#   1. $ELEVATE_BIN, or an `elevate` already on PATH (a runner image or an earlier step);
#   2. the release binary of the action's version, its SHA-256 checked against the release's;
#   3. otherwise built from the action's repository with `cargo install --locked`.
# Progress goes to stderr; stdout is the path alone.
set -euo pipefail

say() { printf '%s\n' "$*" >&2; }

if [ -n "${ELEVATE_BIN:-}" ]; then
  [ -x "$ELEVATE_BIN" ] || { say "::error::ELEVATE_BIN=$ELEVATE_BIN is not an executable"; exit 1; }
  printf '%s\n' "$ELEVATE_BIN"
  exit 0
fi
if found=$(command -v elevate 2>/dev/null); then
  printf '%s\n' "$found"
  exit 0
fi

repo=${GITHUB_ACTION_REPOSITORY:-}
version=${EA_VERSION:-${GITHUB_ACTION_REF:-}}
root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/elevate-action
mkdir -p "$root"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  *) target="" ;;
esac

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# A release: elevate-<target>.tar.xz and its .sha256, as `dist` publishes them.
if [ -n "$repo" ] && [ -n "$version" ] && [ -n "$target" ]; then
  archive="elevate-$target.tar.xz"
  url="${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download/$version/$archive"
  if curl -fsSL --retry 3 -o "$root/$archive" "$url" 2>/dev/null &&
     curl -fsSL --retry 3 -o "$root/$archive.sha256" "$url.sha256" 2>/dev/null; then
    expected=$(cut -d' ' -f1 < "$root/$archive.sha256")
    actual=$(sha256 "$root/$archive")
    if [ "$expected" != "$actual" ]; then
      say "::error::$archive from $url does not match its published SHA-256 ($actual, not $expected): not using it"
      exit 1
    fi
    # A directory of its own: never a binary left from before.
    unpacked=$(mktemp -d "$root/release.XXXXXX")
    tar -xJf "$root/$archive" -C "$unpacked"
    bin=$(find "$unpacked" -type f -name elevate -perm -u+x | head -n 1)
    if [ -n "$bin" ]; then
      say "installed elevate $version ($target) from its release"
      printf '%s\n' "$bin"
      exit 0
    fi
    say "::warning::$archive has no elevate binary in it: building from source instead"
  else
    say "no release binary of elevate $version for $target: building it from source"
  fi
fi

command -v cargo >/dev/null || {
  say "::error::no elevate on PATH, no release binary, and no cargo to build one: add a step that installs Rust (e.g. dtolnay/rust-toolchain) or elevate itself"
  exit 1
}
if [ -n "$repo" ]; then
  source_args=(--git "${GITHUB_SERVER_URL:-https://github.com}/$repo")
  if [[ "$version" =~ ^[0-9a-f]{40}$ ]]; then
    source_args+=(--rev "$version")
  elif [[ "$version" =~ ^v[0-9] ]]; then
    source_args+=(--tag "$version")
  elif [ -n "$version" ]; then
    source_args+=(--branch "$version")
  fi
else
  # A local action (`uses: ./`): the repository it sits in.
  source_args=(--path "$(cd "$(dirname "$0")/.." && pwd)")
fi
cargo install --locked --quiet --root "$root/cargo" "${source_args[@]}" elevate >&2
printf '%s\n' "$root/cargo/bin/elevate"
