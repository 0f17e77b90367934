"""Teaching with maps: checks of a student's map, exercise notebooks, and current-vs-future comparisons."""
