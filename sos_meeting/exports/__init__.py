"""The meeting record in forms people file, print and share: JSON, Markdown, HTML and CSV,
each also as a family version (roles instead of names, no case reference)."""
