"""Does the corpus survive faults, bad input and concurrent use? (issue #7)"""
