#!/bin/sh
# Waits for an environment that `make test` builds in the background while it lints and
# tests (see the Makefile): `scripts/await_build.sh runtime-venv` or `… checkov-venv`.
# Fails with the build's log when it failed.
set -eu
name="$1"
rc_file=".build/$name.rc"
i=0
while [ ! -f "$rc_file" ]; do
	i=$((i + 1))
	if [ "$i" -gt 900 ]; then
		echo "$name: not built after 15 minutes" >&2
		exit 1
	fi
	sleep 1
done
if [ "$(cat "$rc_file")" != 0 ]; then
	echo "$name: the build failed:" >&2
	cat ".build/$name.log" >&2
	exit 1
fi
