"""One module per output format; each registers its ``Format`` when imported
(``exports/registry.py`` imports them all). A new format is one new module here."""
