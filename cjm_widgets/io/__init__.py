"""Journey files: .cjm.json, CSV and Excel, Mermaid, CJML and the ``%%journey`` outline, read and written; autosave."""
