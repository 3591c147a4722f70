#!/bin/sh
# archive_command = '/path/to/ops/backup/archive-wal.sh %p %f'   (WAL_ARCHIVE_DIR in the server's environment)
# Copies one finished WAL segment (or .history/.backup file) into WAL_ARCHIVE_DIR, and into
# BACKUP_S3_URI/wal/ when that is set (needs node: ops/backup/s3.mjs). Exits 0 only once the file
# is stored durably: until then Postgres keeps the segment in pg_wal and retries. Never replaces an
# archived file with different bytes (that would be two clusters archiving into one place): it
# fails loudly instead, and Postgres keeps retrying and logging it until someone looks.
# POSIX sh: it runs inside the postgres:*-alpine image too.
set -eu
src="${1:?usage: archive-wal.sh <path %p> <name %f>}"
name="${2:?usage: archive-wal.sh <path %p> <name %f>}"
: "${WAL_ARCHIVE_DIR:?WAL_ARCHIVE_DIR must be set}"
mkdir -p "$WAL_ARCHIVE_DIR"
dest="$WAL_ARCHIVE_DIR/$name"

if [ -f "$dest" ]; then
  # Already archived (a retry after a crash between the copy and Postgres noting it): fine if identical.
  if cmp -s "$src" "$dest"; then exit 0; fi
  echo "archive-wal: $dest exists with different content: is another cluster archiving into $WAL_ARCHIVE_DIR?" >&2
  exit 1
fi
tmp="$WAL_ARCHIVE_DIR/.$name.tmp.$$"
cp "$src" "$tmp"
sync "$tmp" 2>/dev/null || sync
mv "$tmp" "$dest"
sync "$WAL_ARCHIVE_DIR" 2>/dev/null || sync

if [ -n "${BACKUP_S3_URI:-}" ]; then
  node "$(dirname "$0")/s3.mjs" put "$dest" "wal/$name"
fi
