"""Pieces the figure scripts of a sweep share (p001_figures.py, p004_figures.py): Student's t intervals over seeds, the
root attributes and options string of a result file, moving averages and number formatting.  A sweep script imports
this module from its own directory (Python puts a script's directory on sys.path)."""
import math
import os
import re
import sys

import numpy as np

OPTION = re.compile(r"-([A-Za-z]\w*)")
# two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom
T975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314,
        2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423)


def die(msg):
    """Stops the script with msg, prefixed by the script's name."""
    raise SystemExit(f"{os.path.basename(sys.argv[0])}: {msg}")


def t975(df):
    """The 0.975 quantile of Student's t with df degrees of freedom (Cornish-Fisher beyond the table: error < 1e-5)."""
    if df < 1:
        return math.nan
    if df <= len(T975):
        return T975[df - 1]
    z = 1.959963985
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2) + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)


def ci95(values, finite_only=False):
    """(n, mean, half-width of the 95 % t interval; NaN with one value), of the finite values with finite_only."""
    v = np.asarray(values, dtype=float)
    if finite_only:
        v = v[np.isfinite(v)]
    if v.size == 0:
        return 0, math.nan, math.nan
    if v.size == 1:
        return 1, float(v[0]), math.nan
    return v.size, float(v.mean()), t975(v.size - 1) * float(v.std(ddof=1)) / math.sqrt(v.size)


def text_attr(f, name):
    v = f.attrs.get(name)
    return v.decode() if isinstance(v, bytes) else v


def parse_options(s):
    """'-name value' pairs (a flag without value maps to ''); a later one replaces an earlier one, as in PETSc."""
    out, tokens, i = {}, s.split(), 0
    while i < len(tokens):
        if not OPTION.fullmatch(tokens[i]):
            die(f"cannot read the options string at {tokens[i]!r}")
        if i + 1 < len(tokens) and not OPTION.fullmatch(tokens[i + 1]):
            out[tokens[i]] = tokens[i + 1]
            i += 2
        else:
            out[tokens[i]] = ""
            i += 1
    return out


def moving_average(x, w):
    return np.convolve(x, np.ones(w) / w, mode="valid")


def fmt(x, digits):
    return "–" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"
