"""sos-meeting: the core of a Signs of Safety meeting tool (domain, maths, storage, export).

Nothing in this package imports Textual; the user interface lives in `screens`.
"""

__version__ = "0.1.0"
