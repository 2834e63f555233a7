#!/usr/bin/env bash
# `make image`: builds the portal's image with buildah (Debian's package), as root.
#
# No image registry is reachable from the build machines, so the base is a Debian
# bookworm made from Debian's packages with debootstrap (minbase, plus Python 3.11),
# kept as the image localhost/gis-portal-base:bookworm and rebuilt only when missing.
# Anyone with a registry can build the Containerfile with its default base instead:
#   buildah bud -t gis-portal -f Containerfile .
# The Python dependencies are built into wheels on this machine first (pinned by
# constraints.txt), so the image build needs no access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-localhost/gis-portal:latest}"
BASE="localhost/gis-portal-base:bookworm"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export STORAGE_DRIVER="${STORAGE_DRIVER:-vfs}"
export BUILDAH_ISOLATION=chroot
PYTHON="${PYTHON:-python3}"

need=()
command -v buildah > /dev/null || need+=(buildah)
command -v debootstrap > /dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
    echo "image: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi

if ! buildah images --quiet "$BASE" > /dev/null 2>&1; then
    echo "image: building the Debian bookworm base with debootstrap"
    root=.build/image/rootfs
    rm -rf "$root" && mkdir -p "$root"
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        bookworm "$root" "$MIRROR" > .build/image/debootstrap.log 2>&1 \
        || { tail -30 .build/image/debootstrap.log; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    container=$(buildah from scratch)
    buildah copy --quiet "$container" "$root" / > /dev/null
    buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --env LANG=C.UTF-8 --cmd /bin/bash "$container"
    buildah commit --quiet --rm "$container" "$BASE" > /dev/null
    rm -rf "$root"
fi

# The Python dependencies, downloaded as wheels by pip in the base itself (its Python's
# version decides the dependencies' markers) with this machine's certificate bundle (for
# a TLS-inspecting proxy), pinned by constraints.txt.
echo "image: downloading the Python wheels (constraints.txt)"
rm -rf .build/wheels && mkdir -p .build/wheels
"$PYTHON" -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
    > .build/wheels/requirements.txt
cp constraints.txt .build/wheels/constraints.txt
probe=$(buildah from --quiet "$BASE")
trap 'buildah rm "$probe" > /dev/null 2>&1 || true' EXIT
buildah run --isolation chroot \
    --volume "$PWD/.build/wheels:/wheels" \
    --volume /etc/ssl/certs/ca-certificates.crt:/tmp/ca-bundle.crt:ro \
    --env PIP_CERT=/tmp/ca-bundle.crt --env PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$probe" -- sh -c 'python3 -m venv /tmp/pip && /tmp/pip/bin/pip download -q \
        --only-binary=:all: --dest /wheels -r /wheels/requirements.txt -c /wheels/constraints.txt'
rm .build/wheels/requirements.txt .build/wheels/constraints.txt

echo "image: building $IMAGE"
buildah bud --quiet --isolation chroot --layers=false --build-arg "BASE_IMAGE=$BASE" \
    -f Containerfile -t "$IMAGE" . > /dev/null
buildah images "$IMAGE"
