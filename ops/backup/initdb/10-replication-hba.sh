#!/bin/sh
# Mounted into /docker-entrypoint-initdb.d/ (docker-compose.yml): lets the backup service's
# pg_basebackup connect for replication with the same password as everything else. The official
# image only allows "host all all all" (which does not cover replication connections). Runs once,
# when the data volume is first created; for an existing volume add the line by hand
# (docs/operate/backup-restore.md).
set -eu
echo "host replication all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
