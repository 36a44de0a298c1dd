"""Read plotly figure JSON in tests: plotly 7 encodes numeric arrays as base64 ``bdata``."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np


def decode(value: Any) -> list:
    """Return a plotly JSON array as a list, decoding the ``{"dtype", "bdata"}`` form."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)
