#!/usr/bin/env bash
# Nightly backup: a PostgreSQL dump, the uploaded files, and a check that the audit chain still holds.
# Run from cron as the jingqi user: 30 2 * * * /opt/jingqi/deploy/backup.sh /var/backups/jingqi
set -euo pipefail
target=${1:?usage: backup.sh TARGET_DIR}
set -a; . /etc/jingqi/jingqi.env; set +a
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$target"
pg_dump --format=custom --file "$target/jingqi-$stamp.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media-$stamp.tar.gz" .
/opt/jingqi/.venv/bin/jingqi verify-audit
find "$target" -name 'jingqi-*.dump' -mtime +30 -delete
find "$target" -name 'media-*.tar.gz' -mtime +30 -delete
