#!/bin/sh
# The image's one entrypoint: web (default), worker, beat, migrate, or manage <command>.
#
#   web      gunicorn with portal/gunicorn_conf.py (WEB_BIND, WEB_WORKERS, WEB_THREADS)
#   worker   a Celery worker (WORKER_CONCURRENCY, default 2; metrics on
#            WORKER_METRICS_PORT when set)
#   beat     the Celery beat: exactly one per site; its schedule is in the database
#   migrate  apply the database migrations (the Job before each release)
#   manage   any manage.py command, e.g. `manage createsuperuser`
set -eu

command="${1:-web}"
[ "$#" -gt 0 ] && shift

prometheus_dir() {
    # Every process of a pod adds its counts here; /metrics sums them.
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
        rm -f "$PROMETHEUS_MULTIPROC_DIR"/*.db
    fi
}

case "$command" in
    web)
        prometheus_dir
        exec gunicorn -c python:portal.gunicorn_conf portal.wsgi:application "$@"
        ;;
    worker)
        prometheus_dir
        exec celery -A portal --quiet worker --loglevel="${LOG_LEVEL:-INFO}" \
            --concurrency="${WORKER_CONCURRENCY:-2}" "$@"
        ;;
    beat)
        unset PROMETHEUS_MULTIPROC_DIR  # not scraped
        exec celery -A portal --quiet beat --loglevel="${LOG_LEVEL:-INFO}" "$@"
        ;;
    migrate)
        unset PROMETHEUS_MULTIPROC_DIR
        exec python /app/manage.py migrate --noinput "$@"
        ;;
    manage)
        unset PROMETHEUS_MULTIPROC_DIR  # a one-off command: its counts are nobody's
        exec python /app/manage.py "$@"
        ;;
    *)
        exec "$command" "$@"
        ;;
esac
