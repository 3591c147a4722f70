#!/bin/sh
# Retention: keeps the BACKUP_KEEP newest base backups (default 7) in BACKUP_DIR and, in
# WAL_ARCHIVE_DIR, every WAL file from the oldest kept backup's start onwards; everything older
# goes (pg_archivecleanup). So the restore window is "from the oldest kept base backup to now".
# S3 copies are pruned by a bucket lifecycle rule instead (docs/operate/backup-restore.md).
. "$(dirname "$0")/common.sh"

: "${BACKUP_DIR:?BACKUP_DIR must be set}"
: "${WAL_ARCHIVE_DIR:?WAL_ARCHIVE_DIR must be set}"
keep="${BACKUP_KEEP:-7}"
case "$keep" in
  '' | *[!0-9]* | 0*) die "BACKUP_KEEP must be a positive integer, got '$keep'" ;;
esac

backups="$(list_backups)"
count="$(printf '%s\n' "$backups" | grep -c . || true)"
if [ "$count" -eq 0 ]; then
  log "prune: no base backup in $BACKUP_DIR, keeping every WAL file"
  exit 0
fi
drop=$((count - keep))
[ "$drop" -gt 0 ] || drop=0
for old in $(printf '%s\n' "$backups" | head -n "$drop"); do
  log "prune: removing base backup $old"
  rm -rf "${BACKUP_DIR:?}/$old"
done
oldest="$(printf '%s\n' "$backups" | sed -n "$((drop + 1))p")"
# backup_label: "START WAL LOCATION: 0/5000028 (file 000000010000000000000005)"
first_wal="$(sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\)).*/\1/p' "$BACKUP_DIR/$oldest/backup_label")"
[ -n "$first_wal" ] || die "no START WAL LOCATION in $BACKUP_DIR/$oldest/backup_label"
log "prune: kept $((count - drop)) base backup(s), oldest $oldest; removing archived WAL before $first_wal"
mkdir -p "$WAL_ARCHIVE_DIR"
"$PG_BIN/pg_archivecleanup" "$WAL_ARCHIVE_DIR" "$first_wal"
