#!/bin/sh
# Restores a NEW cluster from a base backup plus the WAL archive, to a chosen moment.
#
#   ops/backup/restore.sh --pgdata /var/lib/postgresql/restored --target-time '2026-12-06 14:03:00+03' \
#     [--backup /backups/base-...] [--port 5433] [--start]
#
# --backup       a base backup directory (default: the newest in BACKUP_DIR taken before the
#                target time; picking it needs GNU date, elsewhere pass --backup)
# --target-time  recover every transaction committed at or before this moment (any format
#                Postgres reads as timestamptz; give the zone). Omitted: to the end of the archive.
# --pgdata       the new data directory: must not exist or be empty. The old cluster is never
#                touched, so a restore can be checked before anything is switched over.
# --port         the port the restored cluster listens on (default 5433)
# --start        start it, wait for recovery to reach the target and promote, then print the
#                "recovery stopping ..." lines from its log. Without it, start it yourself
#                (pg_ctl -D <pgdata> start).
#
# WAL comes from WAL_ARCHIVE_DIR (or BACKUP_S3_URI/wal/) through restore-wal.sh. The restored
# cluster gets archive_mode=off so it never writes into the archive of the cluster it came from;
# turn archiving on (with its own archive) once it is promoted to be the real one.
. "$(dirname "$0")/common.sh"

backup=""
target=""
pgdata=""
port=5433
start=0
while [ $# -gt 0 ]; do
  case "$1" in
    --backup) backup="$2"; shift 2 ;;
    --target-time) target="$2"; shift 2 ;;
    --pgdata) pgdata="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --start) start=1; shift ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done
[ -n "$pgdata" ] || die "--pgdata is required"
if [ -e "$pgdata" ] && [ -n "$(ls -A "$pgdata")" ]; then die "$pgdata is not empty: restore into a new directory"; fi
[ -n "${WAL_ARCHIVE_DIR:-}${BACKUP_S3_URI:-}" ] || die "WAL_ARCHIVE_DIR (or BACKUP_S3_URI) must be set"

if [ -z "$backup" ]; then
  : "${BACKUP_DIR:?BACKUP_DIR must be set when --backup is not given}"
  # Newest base backup whose name (its UTC start) is before the target.
  before="~"
  if [ -n "$target" ]; then
    before="base-$(date -u -d "$target" +%Y%m%dT%H%M%SZ 2>/dev/null)" || die "cannot read --target-time '$target' with this date(1): pass --backup"
  fi
  for candidate in $(list_backups); do
    if [ "$(expr "$candidate" \< "$before")" = 1 ]; then backup="$BACKUP_DIR/$candidate"; fi
  done
  [ -n "$backup" ] || die "no base backup in $BACKUP_DIR taken before ${target:-now}"
fi
[ -f "$backup/backup_label" ] || die "$backup is not a base backup (no backup_label)"
log "restore: base backup $backup -> $pgdata${target:+, target $target}"

mkdir -p "$pgdata"
cp -a "$backup/." "$pgdata/"
chmod 700 "$pgdata"
rm -f "$pgdata/backup_manifest" "$pgdata/postmaster.pid"

# Inside a postgresql.conf string a quote is written twice.
restore_env="WAL_ARCHIVE_DIR=''${WAL_ARCHIVE_DIR:-}'' BACKUP_S3_URI=''${BACKUP_S3_URI:-}''"
{
  echo ""
  echo "# --- added by ops/backup/restore.sh $(date -u +%Y-%m-%dT%H:%M:%SZ); remove once promoted ---"
  echo "restore_command = '$restore_env $BACKUP_SCRIPTS/restore-wal.sh %f %p'"
  if [ -n "$target" ]; then
    echo "recovery_target_time = '$target'"
    echo "recovery_target_inclusive = on"
  fi
  echo "recovery_target_action = 'promote'"
  echo "archive_mode = off"
  echo "port = $port"
} >>"$pgdata/postgresql.auto.conf"
touch "$pgdata/recovery.signal"

if [ "$start" = 1 ]; then
  "$PG_BIN/pg_ctl" -D "$pgdata" -l "$pgdata/restore.log" -w -t 600 start >&2 ||
    die "the restored server did not start; $pgdata/restore.log ends: $(tail -n 8 "$pgdata/restore.log")"
  # pg_ctl returns once connections are accepted (possibly still replaying): wait for promotion,
  # which removes recovery.signal.
  i=0
  while [ -f "$pgdata/recovery.signal" ]; do
    "$PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null ||
      die "the restored server stopped; $pgdata/restore.log ends: $(tail -n 8 "$pgdata/restore.log")"
    i=$((i + 1))
    [ "$i" -lt 6000 ] || die "still recovering after 10 minutes; see $pgdata/restore.log"
    sleep 0.1
  done
  grep -E 'recovery stopping|last completed transaction|archive recovery complete|selected new timeline' \
    "$pgdata/restore.log" >&2 || true
fi
log "restore: done"
