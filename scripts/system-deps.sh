#!/usr/bin/env bash
# The Debian packages the test suite drives for real: Redis (the batch queue tests start their
# own server on a free port) and Chromium (the web app's browser tests). Run before `npm test`
# (the pretest script) and by CI. Installs what is missing when it can (root with apt-get);
# otherwise says what to install and fails, so a test never silently skips.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages for the tests: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "error: the tests need these Debian packages: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
exit 1
