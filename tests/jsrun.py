"""Run a rendered map's inline scripts in Node with a stand-in Leaflet: does data text run as code?

Every name the scripts use that Node does not define (``L``, ``document``, ``window``, the map
variables) is a stub that accepts any call, property or argument, so the scripts run to the end
unless they hold a syntax error; an expression smuggled into a string runs for real and can set
``globalThis.__pwned``. Node comes with Playwright (a test requirement), or from the system.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

_RUNNER = r"""
const src = require('fs').readFileSync(0, 'utf8');
const S = new Proxy(function () {}, {
  get: (t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : S),
  apply: () => S, construct: () => S, set: () => true,
});
const scope = new Proxy({}, {
  has: (t, k) => !(k in globalThis),
  get: (t, k) => (k === Symbol.unscopables ? undefined : k in t ? t[k] : S),
  set: (t, k, v) => { t[k] = v; return true; },
});
let error = null;
try { new Function('scope', 'with (scope) {\n' + src + '\n}')(scope); }
catch (e) { error = String(e && e.name) + ': ' + String(e && e.message); }
process.stdout.write(JSON.stringify({error: error, pwned: globalThis.__pwned === undefined ? null : String(globalThis.__pwned)}));
"""

_INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def node_executable() -> str | None:
    """Return Playwright's bundled Node, or the system's, or None."""
    try:
        from playwright._impl._driver import compute_driver_executable

        node = compute_driver_executable()[0]
        if Path(node).exists():
            return str(node)
    except Exception:  # noqa: BLE001 - a missing or changed Playwright falls back to the system
        pass
    return shutil.which("node")


def run_scripts(html: str) -> dict[str, str | None]:
    """Run the inline scripts of ``html``; return ``{"error": ..., "pwned": ...}`` (None when clean)."""
    node = node_executable()
    if node is None:
        raise RuntimeError("no Node.js to run the map scripts with")
    script = "\n;\n".join(_INLINE.findall(html))
    done = subprocess.run(
        [node, "-e", _RUNNER], input=script, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)
