#!/usr/bin/env bash
# Load test: 50 people for 60 seconds against gunicorn (2 workers) over a fresh PostgreSQL
# database on this machine, then a check that every acknowledged contact request is stored
# exactly once. Usage: tests/load/run.sh [users] [seconds] [synthetic trials]
# (needs: pip install -e '.[load]'). With a third argument N, N synthetic published trials join
# the three seed trials, so the load runs over a large catalogue. VENV names the virtualenv
# (default .venv), for a checkout that shares another's.
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-50}
seconds=${2:-60}
synthetic=${3:-0}
venv=${VENV:-.venv}
db="load_$(date +%s)"
port=8765
out=$(mktemp -d)
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export DJANGO_DEBUG=false DJANGO_SECRET_KEY="load-test-$RANDOM$RANDOM$RANDOM-secret-key-0123456789"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_HSTS_SECONDS=0 DJANGO_MANIFEST_STATIC=false DJANGO_CONTACT_RATE_LIMIT=1000000
export DJANGO_LOG_LEVEL=WARNING DJANGO_CONN_MAX_AGE=60
export DJANGO_CONTACT_FALLBACK_EMAIL=trial-contacts@example.org
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres || true
}
trap cleanup EXIT
$venv/bin/python manage.py migrate --no-input -v0
$venv/bin/python manage.py createcachetable
$venv/bin/python manage.py import_trials seeds/ >/dev/null
if [ "$synthetic" -gt 0 ]; then
  $venv/bin/python manage.py shell -c \
    "from matcher.synthetic import publish_synthetic_trials as p; p($synthetic)"
fi
# A generous timeout: each worker compiles the catalogue on its first request.
$venv/bin/gunicorn config.wsgi --workers 2 --timeout 120 --bind 127.0.0.1:$port --log-level warning &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# At the end each person finishes the task under way (--stop-timeout): a contact request cut off
# in flight would be stored by the server but never acknowledged to the person.
ACKNOWLEDGED_FILE="$out/acknowledged.txt" $venv/bin/locust -f tests/load/locustfile.py --headless \
  --host "http://127.0.0.1:$port" -u "$users" -r 10 -t "${seconds}s" --stop-timeout 30 \
  --only-summary --csv "$out/stats" 2>&1 | tail -n 30
acknowledged=$(grep -c . "$out/acknowledged.txt" || true)
stored=$($venv/bin/python manage.py shell -c "
from contact.models import ContactRequest as C
emails = [l.strip() for l in open('$out/acknowledged.txt') if l.strip()]
print(C.objects.filter(email__in=emails).count(), C.objects.filter(email__in=emails).values('email').distinct().count(), C.objects.count())" | tail -n 1)
echo "acknowledged contact requests: $acknowledged; stored (rows, distinct, all): $stored"
read -r rows distinct all <<<"$stored"
[ "$rows" = "$acknowledged" ] && [ "$distinct" = "$acknowledged" ] && [ "$all" = "$acknowledged" ] \
  && echo "every acknowledged request is stored exactly once" \
  || { echo "MISMATCH between acknowledged and stored requests"; exit 1; }
