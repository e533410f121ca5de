#!/usr/bin/env bash
# Static checks of the image (no Docker engine is needed, none runs in CI): docker/Dockerfile with
# dockerfile-utils (the parser and validator behind VS Code's Dockerfile support: instructions, flags,
# ARG and stage references) and dockerfilelint (best practices), both from npm at pinned versions,
# and the image's and deploy/'s shell scripts with shellcheck (Debian package).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/target/docker-lint"
if [ ! -x "$tools/node_modules/.bin/dockerfilelint" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" dockerfile-utils@0.16.3 dockerfilelint@1.8.0 > /dev/null
fi
cd "$root/docker"
if ! problems=$("$tools/node_modules/.bin/dockerfile-utils" lint Dockerfile) || [ -n "$problems" ]; then
  echo "$problems" >&2
  echo "docker/lint.sh: dockerfile-utils found problems in docker/Dockerfile" >&2
  exit 1
fi
"$tools/node_modules/.bin/dockerfilelint" Dockerfile
shellcheck entrypoint.sh lint.sh ../deploy/*.sh
echo "docker/lint.sh: docker/Dockerfile, docker/*.sh and deploy/*.sh pass"
