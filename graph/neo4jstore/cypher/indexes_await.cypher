// description: Waits up to 120 seconds for every index to come online.
CALL db.awaitIndexes(120)
