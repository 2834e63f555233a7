"""Copy the front-end assets we serve from the npm and Python packages into static/vendor.

Nothing is fetched from a CDN at run time: `npm ci` installs the packages, this script
puts the files the pages use where Django's static files finder sees them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"


def plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def main() -> int:
    files = {
        NODE / "@rijkshuisstijl-community/design-tokens/dist/index.css": "rhc/design-tokens.css",
        NODE / "@rijkshuisstijl-community/components-css/dist/index.css": "rhc/components.css",
        # Components the RHC bundle names but does not style: from NL Design System's
        # Utrecht packages, with their tokens set in static/css/tokens.css.
        NODE / "@utrecht/pagination-css/dist/index.css": "utrecht/pagination.css",
        NODE / "@utrecht/badge-status-css/dist/index.css": "utrecht/badge-status.css",
        NODE / "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
        plotly_js(): "plotly/plotly.min.js",
    }
    missing = [str(src) for src in files if not src.exists()]
    if missing:
        print("Missing front-end packages (run `npm ci`):\n  " + "\n  ".join(missing))
        return 1
    for src, target in files.items():
        dest = VENDOR / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists() or dest.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
