#!/usr/bin/env bash
# archive_command = '/path/to/ops/backup/archive-wal.sh %p %f'
# Copies one finished WAL segment (or .history/.backup file) into WAL_ARCHIVE_DIR, and into
# BACKUP_S3_URI/wal/ when set. Exit 0 only once the file is durably stored: Postgres keeps the
# segment in pg_wal and retries until then. Never overwrites an archived file with different
# bytes (that would be two clusters archiving into one place): it fails loudly instead.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

src="${1:?usage: archive-wal.sh <path %p> <name %f>}"
name="${2:?usage: archive-wal.sh <path %p> <name %f>}"
: "${WAL_ARCHIVE_DIR:?WAL_ARCHIVE_DIR must be set}"
mkdir -p "$WAL_ARCHIVE_DIR"
dest="$WAL_ARCHIVE_DIR/$name"

if [[ -f "$dest" ]]; then
  # Already archived (a retry after a crash between copy and Postgres noting it): fine if identical.
  cmp -s "$src" "$dest" && exit 0
  die "$dest exists with different content: is another cluster archiving into $WAL_ARCHIVE_DIR?"
fi
tmp="$WAL_ARCHIVE_DIR/.$name.tmp.$$"
cp "$src" "$tmp"
sync "$tmp"
mv "$tmp" "$dest"
sync "$WAL_ARCHIVE_DIR"

if [[ -n "${BACKUP_S3_URI:-}" ]]; then
  s3_copy put "$dest" "wal/$name"
fi
