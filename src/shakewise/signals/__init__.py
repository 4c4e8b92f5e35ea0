"""Motion recordings → measurements → evidence: tremor spectrum and periodic limb movements.

recording.py   Recording + loaders (shakewise CSV/JSON, mPower, CloudUPDRS, Daphnet,
               phyphox, Sensor Logger), unit checks
formats.py     the layouts read, and read_samples: which layout a file is in
json_formats.py, table_formats.py   each layout: how it is recognised, which columns it gives
samples.py     RawSamples (a layout's columns), the names of the layouts and units
table.py       text tables into numpy arrays as the lines stream past; bad cells named
source.py      a recording's bytes: checked once, then read as lines, block by block
spectrum.py    resampling, filters, sliding windows, principal axis, spectrogram
analysis.py    analyze(rec) -> TremorAnalysis, measure(rec) -> Measurement (method there)
windows.py     each window's peak and amplitude; the tremor-window criteria
measurement.py TremorAnalysis and Measurement, the results
bands.py       frequency bands, what they suggest, the findings they yield
plm.py         score_plm(rec) -> PLMResult (WASM 2016 rules)
plot.py        PNG of trace and spectrum (matplotlib, imported on use)
The `shakewise tremor analyze|plm` commands are in cli/tremor.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shakewise.lazy import lazy_exports

if TYPE_CHECKING:
    from shakewise.signals.analysis import analyze, measure
    from shakewise.signals.measurement import TremorAnalysis
    from shakewise.signals.plm import PLMResult, score_plm
    from shakewise.signals.recording import Recording, load_recording, parse_recording

# scipy takes most of a second to import, so the analysis is imported on first use.
_HOMES = {
    "TremorAnalysis": "measurement",
    "analyze": "analysis",
    "measure": "analysis",
    "PLMResult": "plm",
    "score_plm": "plm",
    "Recording": "recording",
    "load_recording": "recording",
    "parse_recording": "recording",
}

__all__ = [
    "PLMResult",
    "Recording",
    "TremorAnalysis",
    "analyze",
    "load_recording",
    "measure",
    "parse_recording",
    "score_plm",
]

__getattr__ = lazy_exports(__name__, _HOMES)
