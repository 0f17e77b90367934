"""What a journey's tables hold: columns, dtypes, row ids, and checks whose errors name the column, row and value."""
