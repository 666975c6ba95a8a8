#!/bin/sh
# deps.sh — make sure the Debian packages dsaudit builds and tests with are present.
# Run by the Makefile before every build. As root it installs what is missing;
# otherwise it prints the one apt-get line to run and fails.
PKGS="gcc make pkg-config libgsl-dev libsqlite3-dev libcjson-dev libxlsxwriter-dev libcairo2-dev libpng-dev fonts-dejavu-core fonts-nanum sqlite3 groff-base unzip libxml2-utils poppler-utils chromium postgresql-15 clickhouse-server clickhouse-client libpq-dev libcurl4-openssl-dev"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "dsaudit needs:$missing — run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq $missing >&2
