#!/bin/sh
# restore_command = '/path/to/ops/backup/restore-wal.sh %f %p'
# Fetches one archived WAL file from WAL_ARCHIVE_DIR, or from BACKUP_S3_URI/wal/ when it is not
# there (needs node). A missing file is a normal answer (exit 1): it tells Postgres the archive
# ends here. POSIX sh, like archive-wal.sh.
set -eu
name="${1:?usage: restore-wal.sh <name %f> <path %p>}"
dest="${2:?usage: restore-wal.sh <name %f> <path %p>}"

if [ -n "${WAL_ARCHIVE_DIR:-}" ] && [ -f "$WAL_ARCHIVE_DIR/$name" ]; then
  cp "$WAL_ARCHIVE_DIR/$name" "$dest"
  exit 0
fi
if [ -n "${BACKUP_S3_URI:-}" ]; then
  node "$(dirname "$0")/s3.mjs" get "$dest" "wal/$name" && exit 0
fi
exit 1
