"""The widgets: thin anywidget views over a Journey or EmpathyNotes (Python's DataFrame is the truth)."""
