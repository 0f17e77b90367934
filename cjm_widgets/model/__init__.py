"""The models: Journey and EmpathyNotes, plain pandas data that validate every change and tell their observers."""
