#!/usr/bin/env bash
# Prints the PostgreSQL URL the suite runs against when it answers. When it does not answer:
# under CI=true that is a failure (exit 1); elsewhere a loud skip (exit 3).
set -uo pipefail
url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if .venv/bin/python - "$url" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=5).close()
except Exception as error:  # noqa: BLE001
    print(f"PostgreSQL at {sys.argv[1]} does not answer: {error}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "$url"
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "error: CI=true and PostgreSQL is unreachable; the suite must run on PostgreSQL too." >&2
  exit 1
fi
echo "warning: PostgreSQL unreachable; skipping the PostgreSQL run (it is required under CI=true)." >&2
exit 3
