#!/usr/bin/env bash
# PostgreSQL for the tests (Debian's `postgresql` package): installs it when missing, starts the cluster when it
# is down, and makes sure the role `cotosweep` (password `cotosweep`, CREATEDB) can log in on 127.0.0.1:5432.
# Idempotent; run as root (CI, containers). The tests' set-up calls it when the server is unreachable.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
[ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main --port 5432 >/dev/null
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start

for _ in $(seq 1 50); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.2
done

runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p 5432 -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cotosweep') THEN
    CREATE ROLE cotosweep LOGIN CREATEDB PASSWORD 'cotosweep';
  ELSE
    ALTER ROLE cotosweep LOGIN CREATEDB PASSWORD 'cotosweep';
  END IF;
END
$$;
SQL
echo "PostgreSQL $version on 127.0.0.1:5432 (role cotosweep)"
