#!/bin/sh
# Takes one base backup of a running cluster with pg_basebackup, verifies it, then applies the
# retention policy (prune.sh). Prints the backup directory on stdout.
#
#   BACKUP_DIR=/backups WAL_ARCHIVE_DIR=/wal-archive BACKUP_DATABASE_URL=postgres://... \
#     ops/backup/base-backup.sh
#
# Connects as BACKUP_DATABASE_URL (a role with REPLICATION, e.g. the superuser), or with the
# usual PGHOST/PGPORT/PGUSER. Plain format with the WAL it needs streamed in (-X stream), so each
# backup is self-contained for a restore to the moment it finished; the WAL archive takes it on
# from there to any later minute. Written under a temporary name and renamed only once
# pg_verifybackup passed, so a directory named base-* is always a complete, verified backup.
# BACKUP_S3_URI set: also uploaded as base/<name>.tar.gz.
. "$(dirname "$0")/common.sh"

: "${BACKUP_DIR:?BACKUP_DIR must be set}"
mkdir -p "$BACKUP_DIR"
name="base-$(date -u +%Y%m%dT%H%M%SZ)"
n=1
while [ -e "$BACKUP_DIR/$name" ]; do
  name="base-$(date -u +%Y%m%dT%H%M%SZ)-$n"
  n=$((n + 1))
done
tmp="$BACKUP_DIR/.$name.partial"
rm -rf "$tmp"

set -- -D "$tmp" -Fp -X stream --checkpoint=fast --label="$name" --no-password
if [ -n "${BACKUP_DATABASE_URL:-}" ]; then set -- "$@" -d "$BACKUP_DATABASE_URL"; fi
# BACKUP_NO_SYNC=1 skips fsync of the copy: for throwaway drills only, never for a real backup.
if [ "${BACKUP_NO_SYNC:-}" = 1 ]; then set -- "$@" --no-sync; fi
log "base backup -> $BACKUP_DIR/$name"
"$PG_BIN/pg_basebackup" "$@"
log "pg_basebackup done; verifying"
"$PG_BIN/pg_verifybackup" --quiet "$tmp"
mv "$tmp" "$BACKUP_DIR/$name"
sync "$BACKUP_DIR" 2>/dev/null || sync
log "verified: $BACKUP_DIR/$name"

if [ -n "${BACKUP_S3_URI:-}" ]; then
  tardir="$(mktemp -d)"
  tar -C "$BACKUP_DIR" -czf "$tardir/$name.tar.gz" "$name"
  s3_copy put "$tardir/$name.tar.gz" "base/$name.tar.gz"
  rm -rf "$tardir"
fi

"$BACKUP_SCRIPTS/prune.sh" >&2
echo "$BACKUP_DIR/$name"
