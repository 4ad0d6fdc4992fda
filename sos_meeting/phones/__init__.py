"""Scoring from phones: a small web page, served from the laptop, on which each person in
the room gives their own number and reason for a private round.

Everything here is free of Textual: the round's links and codes (`seats`), the pages
(`pages`), the web app that checks and answers requests (`site`), the server that runs it
in the app's own event loop (`serve`) and the QR codes (`qr`). An answer from a phone is
saved by the meeting's one writer, exactly as an answer typed on the laptop.
"""

OWN_DEVICE = "own device"
"""Who recorded an answer given on the person's own phone (the record's `recorded_by`)."""
