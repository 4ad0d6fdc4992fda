"""The Textual user interface of sos-meeting: the app, one module per meeting step."""
