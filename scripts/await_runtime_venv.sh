#!/bin/sh
# Waits for the runtime-only environment that `make test` builds in the background while
# it lints and tests (see the Makefile); fails with its log when the build failed.
set -eu
rc_file=.build/runtime-venv.rc
i=0
while [ ! -f "$rc_file" ]; do
	i=$((i + 1))
	if [ "$i" -gt 900 ]; then
		echo "runtime environment: not built after 15 minutes" >&2
		exit 1
	fi
	sleep 1
done
if [ "$(cat "$rc_file")" != 0 ]; then
	echo "runtime environment: the build failed:" >&2
	cat .build/runtime-venv.log >&2
	exit 1
fi
