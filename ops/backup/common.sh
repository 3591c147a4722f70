# Shared by the backup scripts (sourced, not run). POSIX sh: they run in postgres:*-alpine too.
# Settings come from the environment:
#   PG_BIN             where pg_basebackup, pg_ctl, pg_archivecleanup, ... live (default: on PATH,
#                      else the newest /usr/lib/postgresql/*/bin)
#   WAL_ARCHIVE_DIR    the WAL archive directory (archive_command copies segments here)
#   BACKUP_DIR         where base backups go, one directory each: base-YYYYmmddTHHMMSSZ (UTC)
#   BACKUP_S3_URI      optional: s3://bucket/prefix; WAL segments and base backups are also
#                      copied there (ops/backup/s3.mjs, needs node; S3_ENDPOINT, S3_REGION,
#                      S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE as for media)
set -eu

BACKUP_SCRIPTS="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${PG_BIN:-}" ]; then
  if command -v pg_basebackup >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(command -v pg_basebackup)")"
  else
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort | tail -n 1)"
  fi
fi
export PG_BIN

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# s3_copy put|get <local file> <key under BACKUP_S3_URI>
s3_copy() {
  node "$BACKUP_SCRIPTS/s3.mjs" "$@"
}

# The base backups in BACKUP_DIR, oldest first (complete ones only: partial ones start with a dot).
list_backups() {
  ls -1 "$BACKUP_DIR" 2>/dev/null | grep '^base-' | sort || true
}
