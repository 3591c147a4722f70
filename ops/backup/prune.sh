#!/usr/bin/env bash
# Retention: keeps the BACKUP_KEEP newest base backups (default 7) in BACKUP_DIR and, in
# WAL_ARCHIVE_DIR, every WAL file from the oldest kept backup's start onwards; everything older
# goes (pg_archivecleanup). So the restore window is "from the oldest kept base backup to now".
# S3 copies are pruned by a bucket lifecycle rule instead (docs/operate/backup-restore.md).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: "${BACKUP_DIR:?BACKUP_DIR must be set}"
: "${WAL_ARCHIVE_DIR:?WAL_ARCHIVE_DIR must be set}"
keep="${BACKUP_KEEP:-7}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a positive integer, got '$keep'"

# base-YYYYmmddTHHMMSSZ[-n] sorts by time; never count partial (.base-*) directories.
mapfile -t backups < <(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -printf '%f\n' | sort -V)
if ((${#backups[@]} == 0)); then
  log "prune: no base backup in $BACKUP_DIR, keeping every WAL file"
  exit 0
fi
drop=$((${#backups[@]} - keep))
for ((i = 0; i < drop; i++)); do
  log "prune: removing base backup ${backups[$i]}"
  rm -rf "${BACKUP_DIR:?}/${backups[$i]}"
done
((drop < 0)) && drop=0
oldest="${backups[$drop]}"
# backup_label: "START WAL LOCATION: 0/5000028 (file 000000010000000000000005)"
first_wal="$(sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\)).*/\1/p' "$BACKUP_DIR/$oldest/backup_label")"
[[ -n "$first_wal" ]] || die "no START WAL LOCATION in $BACKUP_DIR/$oldest/backup_label"
log "prune: kept ${#backups[@]} - $drop base backup(s), oldest $oldest; removing archived WAL before $first_wal"
mkdir -p "$WAL_ARCHIVE_DIR"
"$PG_BIN/pg_archivecleanup" "$WAL_ARCHIVE_DIR" "$first_wal"
