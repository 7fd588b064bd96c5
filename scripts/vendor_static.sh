#!/usr/bin/env bash
# Re-vendor the front-end files from the npm registry (npm pack): no CDN at run time.
# Versions are pinned here; bump them deliberately and commit the result.
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/jinguo/web/static/vendor"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
for pkg in htmx.org@2.0.11 bootstrap@5.3.9 echarts@6.1.0; do npm pack -q "$pkg" >/dev/null; done
for t in *.tgz; do mkdir "${t%.tgz}"; tar xzf "$t" -C "${t%.tgz}"; done
install -D htmx.org-2.0.11/package/dist/htmx.min.js "$dest/htmx/htmx.min.js"
install -D bootstrap-5.3.9/package/dist/css/bootstrap.min.css "$dest/bootstrap/bootstrap.min.css"
install -D bootstrap-5.3.9/package/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/bootstrap.bundle.min.js"
install -D echarts-6.1.0/package/dist/echarts.min.js "$dest/echarts/echarts.min.js"
for d in htmx.org-2.0.11:htmx bootstrap-5.3.9:bootstrap echarts-6.1.0:echarts; do
  cp "${d%%:*}/package/LICENSE" "$dest/${d##*:}/LICENSE"
done
echo "vendored into $dest"
