"""The widgets: thin anywidget views over a Journey (Python's DataFrame is the truth)."""
